// `backbone-sync report FILE… [--format markdown|json] [--state-dir DIR]`: the data-protection report of
// what personal data flows where (issue 4). Exit codes as `validate`: 0 no errors, 1 any error, 2 usage/IO.
import { resolve } from 'node:path';
import { loadConfigFile } from '../config/load';
import { buildConfigReport } from '../personal-data/report';
import type { ReportJson } from '../personal-data/report';
import { renderReportMarkdown } from '../personal-data/report-markdown';
import { stateDirFor } from '../store/cli-support';
import { parseVerbArgs } from './args';
import type { VerbMain } from './io';
import { EXIT } from './io';

export const USAGE = 'Usage: backbone-sync report FILE… [--format markdown|json] [--state-dir DIR]\n';

/** `backbone-sync report`: per config and site, the personal data and free text that flow in and out. */
export const main: VerbMain = async (args, io) => {
  const parsed = parseVerbArgs(args, {
    format: { type: 'string', default: 'markdown' },
    'state-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if ('error' in parsed) {
    io.stderr(`backbone-sync report: ${parsed.error}\n${USAGE}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const format = parsed.values.format;
  if (format !== 'markdown' && format !== 'json') {
    io.stderr(`backbone-sync report: --format must be markdown or json, not '${String(format)}'.\n`);
    return EXIT.usage;
  }
  if (parsed.positionals.length === 0) {
    io.stderr(`backbone-sync report: no file given.\n${USAGE}`);
    return EXIT.usage;
  }
  const stateDir = stateDirFor(parsed.values['state-dir'], io);
  const report: ReportJson = { version: 1, configs: [], unreadable: [] };
  let exit: number = EXIT.ok;
  for (const file of parsed.positionals) {
    const path = resolve(io.cwd, file);
    const result = await loadConfigFile(path, { stateDir });
    if (result.ioError || !result.document) {
      const error = (result.ioError ?? 'unreadable').replace(path, file);
      io.stderr(`backbone-sync report: ${error}\n`);
      report.unreadable.push({ file, error });
      exit = Math.max(exit, EXIT.usage);
      continue;
    }
    report.configs.push(buildConfigReport(file, result.document, result.diagnostics, { stateDir }));
    if (!result.ok) exit = Math.max(exit, EXIT.problems);
  }
  io.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderReportMarkdown(report));
  return exit;
};
