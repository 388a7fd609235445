// What the state verbs (entries, ignore, status, erase-account) share: where the state is, and how a store
// error becomes an exit code and a message.
import { homedir } from 'node:os';
import type { CliIO } from '../cli/io';
import { EXIT } from '../cli/io';
import { StoreError } from './errors';
import { resolveStateDir } from './state-dir';

/** The state directory of a verb invocation: `--state-dir`, else the environment and OS default. */
export function stateDirFor(flag: string | boolean | undefined, io: CliIO): string {
  return resolveStateDir({
    stateDir: typeof flag === 'string' ? flag : undefined,
    env: io.env,
    platform: process.platform,
    home: io.env.HOME || io.env.USERPROFILE || homedir(),
  });
}

/** Exit code of a store failure: 3 when the sync is locked by a run, 2 for everything else. */
export function exitCodeOf(error: StoreError | { code: string }): number {
  return error.code === 'lock-held' ? EXIT.couldNotRun : EXIT.usage;
}

/** Prints a store error for the user and returns its exit code; rethrows anything that is not one. */
export function reportStoreError(verb: string, error: unknown, io: CliIO): number {
  if (!(error instanceof StoreError)) throw error;
  io.stderr(`backbone-sync ${verb}: ${error.message}\n`);
  return exitCodeOf(error);
}

/** A fixed-width text table (the first row is the header). */
export function textTable(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
