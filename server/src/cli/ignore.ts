// `backbone-sync ignore ENTRY_ID [--stop-syncing]`: stop retrying an entry; its pending change is deleted at once.
// With --stop-syncing (only for a not-found entry of a linked issue: the target issue was deleted or hidden), the
// source issue's sync stops too ("Ignore future changes"): later runs skip it until `retry ENTRY_ID` resumes it.
import { reportStoreError, stateDirFor } from '../store/cli-support';
import { parseEntryId } from '../store/entry-id';
import { UnknownEntryError } from '../store/errors';
import { openWritable } from '../store/open';
import { listSyncNames } from '../store/state-dir';
import type { SqlSyncStore } from '../store/sync-store';
import type { TroubleshootingEntry } from '../store/types';
import { isDeletedTargetEntry } from '../protocol/events';
import { parseVerbArgs } from './args';
import { shortTime } from './entries';
import type { CliIO, VerbMain } from './io';
import { EXIT } from './io';

export const USAGE = 'Usage: backbone-sync ignore ENTRY_ID [--stop-syncing] [--state-dir DIR]\n';

/**
 * `backbone-sync ignore`: exit 0; 2 for a usage error, an unknown id, or --stop-syncing on an entry it does not
 * apply to; 3 while a run of that sync holds its lock.
 */
export const main: VerbMain = async (args, io) => {
  const parsed = parseVerbArgs(args, {
    'stop-syncing': { type: 'boolean' },
    'state-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if ('error' in parsed) {
    io.stderr(`backbone-sync ignore: ${parsed.error}\n${USAGE}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const [entryId, ...extra] = parsed.positionals;
  if (entryId === undefined || extra.length > 0) {
    io.stderr(`backbone-sync ignore: give exactly one entry id.\n${USAGE}`);
    return EXIT.usage;
  }
  const stateDir = stateDirFor(parsed.values['state-dir'], io);
  try {
    const { syncName } = parseEntryId(entryId);
    // Never create a sync's state just to find that it has no such entry.
    if (!listSyncNames(stateDir).includes(syncName)) throw new UnknownEntryError(entryId, stateDir);
    const store = await openWritable({ stateDir, syncName });
    try {
      const entry = store.getEntry(entryId);
      if (!entry) throw new UnknownEntryError(entryId, stateDir);
      return parsed.values['stop-syncing'] === true
        ? stopSyncing(store, entry, io)
        : ignoreOnly(store, entry, io);
    } finally {
      await store.close();
    }
  } catch (error) {
    return reportStoreError('ignore', error, io);
  }
};

function ignoreOnly(store: SqlSyncStore, entry: TroubleshootingEntry, io: CliIO): number {
  if (entry.state !== 'open') {
    io.stdout(`${entry.id} is already ${entry.state}; nothing to do.\n`);
    return EXIT.ok;
  }
  store.ignoreEntry(entry.id);
  const where = `${entry.sourceKey} → ${entry.targetKey ?? '(not created)'}`;
  const pending = entry.pendingChange ? '; its pending change was deleted' : '';
  // A deleted target issue fails again on the issue's next change: say what the two real choices are.
  const next =
    isDeletedTargetEntry(entry) && store.getLink(entry.sourceIssueId)
      ? `The next change of ${entry.sourceKey} is written to ${entry.targetKey ?? 'its target issue'} again and, ` +
        `while that issue is not found, opens a new entry. To ignore its future changes: ` +
        `backbone-sync ignore ${entry.id} --stop-syncing; to sync it into a new issue: backbone-sync retry ${entry.id}.`
      : `A later change of ${entry.sourceKey} is synced again.`;
  io.stdout(`Ignored ${entry.id} (${entry.category}, ${where})${pending}. ${next}\n`);
  return EXIT.ok;
}

/** Why --stop-syncing does not apply to this entry, in the user's words; undefined when it does. */
function whyNotStoppable(store: SqlSyncStore, entry: TroubleshootingEntry): string | undefined {
  const alternative = `ignore it without --stop-syncing, or fix the cause and retry it`;
  if (entry.category !== 'not-found') {
    return (
      `${entry.id} is a ${entry.category} entry. --stop-syncing is only for an entry whose linked target issue ` +
      `was not found (category not-found: deleted, or hidden from the sync user); ${alternative}.`
    );
  }
  if (!isDeletedTargetEntry(entry)) {
    return (
      `${entry.id} is a failed create: Jira did not find the target project or issue type, so there is no ` +
      `target issue whose changes could be ignored. Check target.project and issueTypes in the config and ` +
      `retry it, or ignore it without --stop-syncing.`
    );
  }
  const link = store.getLink(entry.sourceIssueId);
  if (entry.state === 'resolved') {
    return (
      `${entry.id} is resolved: ${entry.sourceKey} syncs into ${link?.targetKey ?? 'a target issue'} again, ` +
      `so there is nothing to stop.`
    );
  }
  if (!link) {
    return (
      `${entry.sourceKey} is not linked to a target issue in sync '${entry.syncName}', so there is no ` +
      `sync to stop; ignore ${entry.id} without --stop-syncing.`
    );
  }
  if (entry.targetIssueId !== null && link.targetIssueId !== entry.targetIssueId) {
    return (
      `${entry.sourceKey} is linked to ${link.targetKey} now, not to ${entry.targetKey ?? 'the issue'} that was ` +
      `not found: ${entry.id} is out of date. Ignore it without --stop-syncing.`
    );
  }
  return undefined;
}

function stopSyncing(store: SqlSyncStore, entry: TroubleshootingEntry, io: CliIO): number {
  const problem = whyNotStoppable(store, entry);
  if (problem) {
    io.stderr(`backbone-sync ignore: cannot stop syncing: ${problem}\n`);
    return EXIT.usage;
  }
  const existing = store.getStop(entry.sourceIssueId);
  if (existing) {
    io.stdout(
      `${entry.sourceKey} is already not synced (its changes are ignored since ${shortTime(existing.since)}` +
        `${existing.entryId ? `, stopped by ${existing.entryId}` : ''}); nothing to do.\n`,
    );
    return EXIT.ok;
  }
  // Nothing of this issue is synced any more: its other open entries are moot, so they are ignored too.
  const ignored = store.openEntriesFor(entry.sourceIssueId).map((e) => store.ignoreEntry(e.id).id);
  const stop = store.stopSyncing({
    sourceIssueId: entry.sourceIssueId,
    sourceKey: entry.sourceKey,
    entryId: entry.id,
  });
  const others = ignored.filter((id) => id !== entry.id);
  io.stdout(
    `Ignored ${entry.id} (${entry.category}, ${entry.sourceKey} → ${entry.targetKey ?? '(not found)'}) and stopped ` +
      `syncing ${entry.sourceKey}: its future changes are not written to the target and open no entry` +
      `${others.length ? `; its other open entries were ignored too: ${others.join(', ')}` : ''}.\n` +
      `To sync it again, into a new issue: backbone-sync retry ${stop.entryId ?? entry.id}\n`,
  );
  return EXIT.ok;
}
