// Retry: exports and maps the issues of troubleshooting entries again and imports them (DESIGN.md §6), with the
// config the sync's store recorded. One engine run per sync, restricted to the entries' source issues.
// A not-found entry of a linked issue (its target issue was deleted or hidden) syncs into a new issue; retrying
// the ignored entry that stopped an issue's sync ("Ignore future changes") resumes that issue first.
import { listSyncNames, openSyncStore, parseEntryId, readSyncStore, UnknownEntryError } from '../store';
import { isDeletedTargetEntry, type SyncEvent } from '../protocol/events';
import { runSync, type RunOptions, type RunResult } from './engine';

export interface RetryRequest {
  stateDir: string;
  /** One entry id, or every open entry (optionally of one sync). */
  target: { entryId: string } | { all: true; syncName?: string };
  env: NodeJS.ProcessEnv;
  emit?: (event: SyncEvent) => void;
  signal?: AbortSignal;
  extra?: Partial<RunOptions>;
}

/** What a retry of one entry is about to do, for the front end's sentences. */
export interface RetriedEntry {
  entryId: string;
  sourceIssueId: string;
  sourceKey: string;
  /** The target issue the entry occurred in (for a deleted target: the key no longer linked afterwards). */
  targetKey: string | null;
  /** The linked target issue was not found: the retry syncs into a new target issue. */
  intoNewIssue: boolean;
  /** The issue's sync was stopped by this entry; the retry lifted the stop (since that time). */
  resumedSince: string | null;
}

export interface RetryRun {
  syncName: string;
  entries: string[];
  details: RetriedEntry[];
  result: RunResult;
}

export type RetryResult = { ok: true; runs: RetryRun[] } | { ok: false; exitCode: 2 | 3; message: string };

/** `2026-01-15T10:00:00.000Z` → `2026-01-15 10:00 UTC` (as the CLI prints times). */
const shortTime = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

interface Wanted {
  configPath: string | null;
  ids: Set<string>;
  details: RetriedEntry[];
}

/** The source issues to retry per sync; a message when an entry cannot be retried as asked. */
async function collect(request: RetryRequest): Promise<Map<string, Wanted> | { problem: string }> {
  const wanted = new Map<string, Wanted>();
  const syncNames =
    'entryId' in request.target
      ? [parseEntryId(request.target.entryId).syncName]
      : request.target.syncName
        ? [request.target.syncName]
        : listSyncNames(request.stateDir);
  for (const syncName of syncNames) {
    const store = await readSyncStore({ stateDir: request.stateDir, syncName });
    try {
      const entries =
        'entryId' in request.target
          ? [store.getEntry(request.target.entryId)].filter((e) => e !== undefined)
          : store.listEntries({ state: 'open' });
      if ('entryId' in request.target && entries.length === 0) {
        throw new UnknownEntryError(request.target.entryId, request.stateDir);
      }
      const details: RetriedEntry[] = [];
      for (const entry of entries) {
        const stop = store.getStop(entry.sourceIssueId);
        if (stop && stop.entryId !== null && stop.entryId !== entry.id) {
          // `retry --all` lists open entries only, so this is one id naming another entry of a stopped issue.
          return {
            problem:
              `${entry.sourceKey} is not synced: its changes are ignored since ${shortTime(stop.since)} (stopped by ` +
              `${stop.entryId}). To sync it again (into a new issue), run: backbone-sync retry ${stop.entryId}`,
          };
        }
        details.push({
          entryId: entry.id,
          sourceIssueId: entry.sourceIssueId,
          sourceKey: entry.sourceKey,
          targetKey: entry.targetKey,
          intoNewIssue: isDeletedTargetEntry(entry) && store.getLink(entry.sourceIssueId) !== undefined,
          resumedSince: stop ? stop.since : null,
        });
      }
      if (details.length === 0) continue;
      wanted.set(syncName, {
        configPath: store.getSyncInfo().configPath,
        ids: new Set(details.map((d) => d.sourceIssueId)),
        details,
      });
    } finally {
      await store.close();
    }
  }
  return wanted;
}

/**
 * Lifts the stops of the entries that made them and opens those entries again, so the run syncs their issues
 * into a new target issue and resolves them. Takes the sync's lock (`LockHeldError` while a run holds it).
 */
async function resume(stateDir: string, syncName: string, details: RetriedEntry[]): Promise<void> {
  const stopped = details.filter((d) => d.resumedSince !== null);
  if (stopped.length === 0) return;
  const store = await openSyncStore({ stateDir, syncName });
  try {
    for (const d of stopped) {
      const lifted = store.resumeSyncing(d.sourceIssueId);
      const entry = store.getEntry(d.entryId);
      if (entry && entry.state !== 'open' && lifted?.entryId === entry.id) {
        store.reopenEntry(d.entryId, {
          sourceIssueId: d.sourceIssueId,
          operation: entry.operation,
          fieldIds: [],
          accountIds: [],
        });
      }
    }
  } finally {
    await store.close();
  }
}

/** Retries; never throws for a store problem the user can fix (returned as exit 2/3 by the CLI). */
export async function retryEntries(request: RetryRequest): Promise<RetryResult> {
  const wanted = await collect(request);
  if ('problem' in wanted) return { ok: false, exitCode: 2, message: wanted.problem };
  const runs: RetryRun[] = [];
  for (const [syncName, item] of wanted) {
    if (!item.configPath) {
      return {
        ok: false,
        exitCode: 2,
        message: `Sync '${syncName}' has no recorded config path; run it once with \`backbone-sync run CONFIG\`.`,
      };
    }
    await resume(request.stateDir, syncName, item.details);
    const result = await runSync({
      ...request.extra,
      configPath: item.configPath,
      stateDir: request.stateDir,
      env: request.env,
      onlySourceIssueIds: [...item.ids],
      ...(request.emit ? { emit: request.emit } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    runs.push({ syncName, entries: item.details.map((d) => d.entryId), details: item.details, result });
    if (result.exitCode === 130) break;
  }
  return { ok: true, runs };
}
