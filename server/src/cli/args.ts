// Argument parsing shared by the verbs: node's parseArgs, with errors a user can act on.
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';

export type ParsedArgs = { values: Record<string, string | boolean | undefined>; positionals: string[] };

/** Parses a verb's arguments; returns an error sentence instead of throwing. */
export function parseVerbArgs(
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
): ParsedArgs | { error: string } {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
