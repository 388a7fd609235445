// Read models of a whole state directory, in the JSON shapes of server/src/protocol/cli-json.ts: what
// `entries` and `status` print and the VS Code extension reads. Read-only: they take no lock, write nothing.
import type { EntriesJson, EntryJson, IssueRefJson, StatusJson, SyncStatusJson } from '../protocol/cli-json';
import { StoreError } from './errors';
import { lockHolder } from './lock';
import { openReadOnly } from './open';
import { listSyncNames, syncPaths } from './state-dir';
import type { SqlSyncStore } from './sync-store';
import type { EntryFilter, RunRecord, SyncInfo, TroubleshootingEntry } from './types';

/** A problem reading one sync, as data (the other syncs are still shown). */
export interface SyncProblem {
  sync: string;
  code: string;
  message: string;
}

function browseUrl(siteUrl: string | null, key: string): string | null {
  return siteUrl ? `${siteUrl.replace(/\/+$/, '')}/browse/${encodeURIComponent(key)}` : null;
}

/** An entry as the extension and `entries --format json` show it. */
export function entryJson(entry: TroubleshootingEntry, info: SyncInfo): EntryJson {
  const triggeredBy: IssueRefJson = {
    issueId: entry.sourceIssueId,
    key: entry.sourceKey,
    url: browseUrl(info.sourceSiteUrl, entry.sourceKey),
  };
  const occurredIn: IssueRefJson | null =
    entry.targetKey && entry.targetIssueId
      ? {
          issueId: entry.targetIssueId,
          key: entry.targetKey,
          url: browseUrl(info.targetSiteUrl, entry.targetKey),
        }
      : null;
  return {
    id: entry.id,
    sync: entry.syncName,
    state: entry.state,
    category: entry.category,
    operation: entry.operation,
    fieldId: entry.fieldId,
    message: entry.message,
    jiraStatus: entry.jiraStatus,
    jiraErrorKeys: entry.jiraErrorKeys,
    triggeredBy,
    occurredIn,
    firstSeen: entry.firstSeen,
    lastSeen: entry.lastSeen,
    attempts: entry.attempts,
    resolvedAt: entry.resolvedAt,
    configPath: info.configPath,
    configLine: entry.configLine,
    helpUrl: entry.helpUrl,
    pendingChange: entry.pendingChange,
    syncStoppedSince: entry.syncStoppedSince,
  };
}

async function withReadOnly<T>(
  stateDir: string,
  sync: string,
  read: (store: SqlSyncStore) => T,
): Promise<{ value: T } | { problem: SyncProblem }> {
  let store: SqlSyncStore | undefined;
  try {
    store = await openReadOnly({ stateDir, syncName: sync });
    return { value: read(store) };
  } catch (error) {
    if (error instanceof StoreError) return { problem: { sync, code: error.code, message: error.message } };
    throw error;
  } finally {
    await store?.close();
  }
}

/** The entries of every sync (or of `syncs`), newest last seen first. */
export async function entriesView(
  stateDir: string,
  filter: EntryFilter,
  syncs: string[] = listSyncNames(stateDir),
): Promise<EntriesJson> {
  const view: EntriesJson = { version: 1, stateDir, entries: [], problems: [] };
  for (const sync of syncs) {
    const result = await withReadOnly(stateDir, sync, (store) => {
      const info = store.getSyncInfo();
      return store.listEntries(filter).map((entry) => entryJson(entry, info));
    });
    if ('problem' in result) view.problems.push(result.problem);
    else view.entries.push(...result.value);
  }
  view.entries.sort((a, b) =>
    a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : a.id.localeCompare(b.id),
  );
  return view;
}

function runJson(run: RunRecord | undefined, running: boolean): SyncStatusJson['lastRun'] {
  if (!run) return null;
  // A run still marked running whose process is gone died before finishing.
  const outcome = run.outcome === 'running' && !running ? 'interrupted' : run.outcome;
  return { ...run, counts: { ...run.counts }, outcome };
}

/** Each sync of the state directory with its config, last run and open entries. */
export async function statusView(stateDir: string): Promise<StatusJson> {
  const view: StatusJson = { version: 1, stateDir, syncs: [] };
  for (const name of listSyncNames(stateDir)) {
    const running = lockHolder(syncPaths(stateDir, name).lock) !== null;
    const result = await withReadOnly(stateDir, name, (store) => {
      const info = store.getSyncInfo();
      const lastRun = store.lastRun();
      const lastRealRun = lastRun?.dryRun ? store.lastRealRun() : lastRun;
      const status: SyncStatusJson = {
        name,
        configPath: info.configPath,
        sourceSiteUrl: info.sourceSiteUrl,
        targetSiteUrl: info.targetSiteUrl,
        lastRun: runJson(lastRun, running),
        lastRealRun: runJson(lastRealRun, running),
        openEntries: store.openEntryCount(),
        stoppedIssues: store.listStops().length,
        running,
        problem: null,
      };
      return status;
    });
    if ('problem' in result) {
      view.syncs.push({
        name,
        configPath: null,
        sourceSiteUrl: null,
        targetSiteUrl: null,
        lastRun: null,
        lastRealRun: null,
        openEntries: 0,
        stoppedIssues: 0,
        running,
        problem: { code: result.problem.code, message: result.problem.message },
      });
    } else view.syncs.push(result.value);
  }
  return view;
}
