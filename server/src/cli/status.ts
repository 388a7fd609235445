// `backbone-sync status`: each sync of the state directory with its config, last run and open entries.
import type { StatusJson, SyncStatusJson } from '../protocol/cli-json';
import { reportStoreError, stateDirFor, textTable } from '../store/cli-support';
import { statusView } from '../store/views';
import { parseVerbArgs } from './args';
import { shortTime } from './entries';
import type { VerbMain } from './io';
import { EXIT } from './io';

export const USAGE = 'Usage: backbone-sync status [--format text|json] [--state-dir DIR]\n';

function lastRunCells(sync: SyncStatusJson): string[] {
  const run = sync.lastRun;
  if (sync.problem) return ['-', 'unreadable', '-'];
  if (!run) return ['never', '-', '-'];
  const c = run.counts;
  const outcome = `${sync.running ? 'running' : run.outcome}${run.dryRun ? ' (dry run)' : ''}`;
  return [
    shortTime(run.finishedAt ?? run.startedAt),
    outcome,
    `${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.failed} failed` +
      (c.stopped ? `, ${c.stopped} skipped (sync stopped)` : ''),
  ];
}

function renderText(view: StatusJson): string {
  if (view.syncs.length === 0) {
    return `No syncs in ${view.stateDir} yet. Run one with: backbone-sync run CONFIG\n`;
  }
  const header = ['SYNC', 'LAST RUN', 'OUTCOME', 'COUNTS', 'OPEN ENTRIES', 'CONFIG'];
  const rows = view.syncs.map((s) => [
    s.name,
    ...lastRunCells(s),
    s.problem ? '-' : String(s.openEntries),
    s.configPath ?? '-',
  ]);
  const problems = view.syncs.filter((s) => s.problem).map((s) => `\n${s.name}: ${s.problem?.message}`);
  const stopped = view.syncs
    .filter((s) => s.stoppedIssues > 0)
    .map(
      (s) =>
        `\n${s.name}: ${s.stoppedIssues} source ${s.stoppedIssues === 1 ? 'issue is' : 'issues are'} not synced ` +
        `(future changes ignored); list with: backbone-sync entries --sync ${s.name} --state ignored`,
    );
  const notes = [...stopped, ...problems];
  return `State directory: ${view.stateDir}\n\n${textTable([header, ...rows])}\n${notes.join('\n')}${notes.length ? '\n' : ''}`;
}

/** `backbone-sync status`: exit 0, or 2 on a usage error or when a sync's state cannot be read. */
export const main: VerbMain = async (args, io) => {
  const parsed = parseVerbArgs(args, {
    format: { type: 'string', default: 'text' },
    'state-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if ('error' in parsed) {
    io.stderr(`backbone-sync status: ${parsed.error}\n${USAGE}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const { format } = parsed.values;
  if (format !== 'text' && format !== 'json') {
    io.stderr(`backbone-sync status: --format must be text or json, not '${String(format)}'.\n`);
    return EXIT.usage;
  }
  if (parsed.positionals.length > 0) {
    io.stderr(`backbone-sync status: unexpected argument '${parsed.positionals[0]}'.\n${USAGE}`);
    return EXIT.usage;
  }
  let view: StatusJson;
  try {
    view = await statusView(stateDirFor(parsed.values['state-dir'], io));
  } catch (error) {
    return reportStoreError('status', error, io);
  }
  io.stdout(format === 'json' ? `${JSON.stringify(view, null, 2)}\n` : renderText(view));
  return view.syncs.some((s) => s.problem) ? EXIT.usage : EXIT.ok;
};
