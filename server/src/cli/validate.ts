import { resolve } from 'node:path';
import type { ConfigDiagnostic } from '../config/diagnostic';
import { loadConfigFile } from '../config/load';
import { stateDirFor } from '../store/cli-support';
import { parseVerbArgs } from './args';
import type { VerbMain } from './io';
import { EXIT } from './io';

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'] as const;

/** One diagnostic in the JSON output of `validate --format json` (DESIGN.md §7); positions are 1-based. */
export interface ValidateJsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  code: string;
  message: string;
}

function toJson(file: string, d: ConfigDiagnostic): ValidateJsonDiagnostic {
  return {
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: SEVERITY[d.severity ?? 1] as ValidateJsonDiagnostic['severity'],
    code: d.code,
    message: d.message,
  };
}

export const USAGE = 'Usage: backbone-sync validate FILE… [--format text|json] [--state-dir DIR]\n';

/** `backbone-sync validate FILE…`: the editor's diagnostics in a terminal; exit 0 / 1 / 2, highest wins. */
export const main: VerbMain = async (args, io) => {
  const parsed = parseVerbArgs(args, {
    format: { type: 'string', default: 'text' },
    'state-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if ('error' in parsed) {
    io.stderr(`backbone-sync validate: ${parsed.error}\n${USAGE}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const format = parsed.values.format;
  if (format !== 'text' && format !== 'json') {
    io.stderr(`backbone-sync validate: --format must be text or json, not '${String(format)}'.\n`);
    return EXIT.usage;
  }
  if (parsed.positionals.length === 0) {
    io.stderr(`backbone-sync validate: no file given.\n${USAGE}`);
    return EXIT.usage;
  }
  const stateDir = stateDirFor(parsed.values['state-dir'], io);
  let exit: number = EXIT.ok;
  const json: ValidateJsonDiagnostic[] = [];
  for (const file of parsed.positionals) {
    const result = await loadConfigFile(resolve(io.cwd, file), { stateDir });
    if (result.ioError) {
      io.stderr(`backbone-sync validate: ${result.ioError.replace(resolve(io.cwd, file), file)}\n`);
      exit = Math.max(exit, EXIT.usage);
      continue;
    }
    const shown = file; // as the user wrote it, so that editors and CI annotations can open it
    for (const d of result.diagnostics) {
      if (format === 'json') json.push(toJson(shown, d));
      else {
        const j = toJson(shown, d);
        io.stdout(`${j.file}:${j.line}:${j.column}: ${j.severity} ${j.code} ${j.message}\n`);
      }
    }
    if (!result.ok) exit = Math.max(exit, EXIT.problems);
  }
  if (format === 'json') io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  return exit;
};
