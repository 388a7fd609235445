// `backbone-sync entries`: the troubleshooting entries of the state directory, as a table or JSON.
import type { EntriesJson, EntryJson } from '../protocol/cli-json';
import { reportStoreError, stateDirFor, textTable } from '../store/cli-support';
import { listSyncNames } from '../store/state-dir';
import { ENTRY_STATES } from '../store/types';
import type { EntryState } from '../store/types';
import { entriesView } from '../store/views';
import { parseVerbArgs } from './args';
import type { VerbMain } from './io';
import { EXIT } from './io';

export const USAGE =
  'Usage: backbone-sync entries [--sync NAME] [--state open|resolved|ignored|all] [--format text|json] [--state-dir DIR]\n';

/** `2026-01-15T10:00:00.000Z` → `2026-01-15 10:00 UTC`. */
export function shortTime(iso: string): string {
  return iso.length >= 16 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso;
}

function issuePair(entry: EntryJson): string {
  return `${entry.triggeredBy.key} → ${entry.occurredIn?.key ?? '(not created)'}`;
}

function renderText(view: EntriesJson, state: EntryState | 'all'): string {
  const which = state === 'all' ? '' : `${state} `;
  if (view.entries.length === 0) return `No ${which}troubleshooting entries in ${view.stateDir}.\n`;
  const header = ['ID', 'CATEGORY', 'TRIGGERED BY → OCCURRED IN', 'FIELD', 'ATTEMPTS', 'LAST SEEN'];
  if (state === 'all') header.splice(1, 0, 'STATE');
  const rows = view.entries.map((e) => {
    const row = [e.id, e.category, issuePair(e), e.fieldId ?? '-', String(e.attempts), shortTime(e.lastSeen)];
    if (state === 'all') row.splice(1, 0, e.syncStoppedSince ? `${e.state}, sync stopped` : e.state);
    return row;
  });
  const details = view.entries.map((e) => {
    const mapping = e.configPath && e.configLine ? `\n    mapping: ${e.configPath}:${e.configLine}` : '';
    const stopped = e.syncStoppedSince
      ? `\n    sync stopped: changes of ${e.triggeredBy.key} are ignored since ${shortTime(e.syncStoppedSince)}; ` +
        `resume (into a new issue) with: backbone-sync retry ${e.id}`
      : '';
    return `  ${e.id}: ${e.message}\n    help: ${e.helpUrl}${mapping}${stopped}`;
  });
  return `${textTable([header, ...rows])}\n\n${details.join('\n')}\n`;
}

/** `backbone-sync entries`: exit 0, or 2 on usage errors and when a sync's state cannot be read. */
export const main: VerbMain = async (args, io) => {
  const parsed = parseVerbArgs(args, {
    sync: { type: 'string' },
    state: { type: 'string', default: 'open' },
    format: { type: 'string', default: 'text' },
    'state-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if ('error' in parsed) {
    io.stderr(`backbone-sync entries: ${parsed.error}\n${USAGE}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const { state, format, sync } = parsed.values;
  if (state !== 'all' && !ENTRY_STATES.includes(state as EntryState)) {
    io.stderr(
      `backbone-sync entries: --state must be open, resolved, ignored or all, not '${String(state)}'.\n`,
    );
    return EXIT.usage;
  }
  if (format !== 'text' && format !== 'json') {
    io.stderr(`backbone-sync entries: --format must be text or json, not '${String(format)}'.\n`);
    return EXIT.usage;
  }
  if (parsed.positionals.length > 0) {
    io.stderr(`backbone-sync entries: unexpected argument '${parsed.positionals[0]}'.\n${USAGE}`);
    return EXIT.usage;
  }
  const stateDir = stateDirFor(parsed.values['state-dir'], io);
  const known = listSyncNames(stateDir);
  if (typeof sync === 'string' && !known.includes(sync)) {
    const have = known.length ? `The syncs there are: ${known.join(', ')}.` : 'It holds no sync yet.';
    io.stderr(`backbone-sync entries: no sync '${sync}' in ${stateDir}. ${have}\n`);
    return EXIT.usage;
  }
  let view: EntriesJson;
  try {
    view = await entriesView(
      stateDir,
      { state: state as EntryState | 'all' },
      typeof sync === 'string' ? [sync] : known,
    );
  } catch (error) {
    return reportStoreError('entries', error, io);
  }
  io.stdout(
    format === 'json' ? `${JSON.stringify(view, null, 2)}\n` : renderText(view, state as EntryState | 'all'),
  );
  for (const problem of view.problems) io.stderr(`backbone-sync entries: ${problem.message}\n`);
  return view.problems.length > 0 ? EXIT.usage : EXIT.ok;
};
