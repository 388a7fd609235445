// Retry: exports and maps the issues of troubleshooting entries again and imports them (DESIGN.md §6), with the
// config the sync's store recorded. One engine run per sync, restricted to the entries' source issues.
import { readSyncStore, listSyncNames, parseEntryId, UnknownEntryError } from '../store';
import type { SyncEvent } from '../protocol/events';
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

export type RetryResult =
  | { ok: true; runs: { syncName: string; entries: string[]; result: RunResult }[] }
  | { ok: false; exitCode: 2 | 3; message: string };

/** The source issues to retry per sync. */
async function collect(
  request: RetryRequest,
): Promise<Map<string, { configPath: string | null; ids: Set<string>; entries: string[] }>> {
  const wanted = new Map<string, { configPath: string | null; ids: Set<string>; entries: string[] }>();
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
      if (entries.length === 0) continue;
      wanted.set(syncName, {
        configPath: store.getSyncInfo().configPath,
        ids: new Set(entries.map((e) => e.sourceIssueId)),
        entries: entries.map((e) => e.id),
      });
    } finally {
      await store.close();
    }
  }
  return wanted;
}

/** Retries; never throws for a store problem the user can fix (returned as exit 2/3 by the CLI). */
export async function retryEntries(request: RetryRequest): Promise<RetryResult> {
  const wanted = await collect(request);
  const runs: { syncName: string; entries: string[]; result: RunResult }[] = [];
  for (const [syncName, item] of wanted) {
    if (!item.configPath) {
      return {
        ok: false,
        exitCode: 2,
        message: `Sync '${syncName}' has no recorded config path; run it once with \`backbone-sync run CONFIG\`.`,
      };
    }
    const result = await runSync({
      ...request.extra,
      configPath: item.configPath,
      stateDir: request.stateDir,
      env: request.env,
      onlySourceIssueIds: [...item.ids],
      ...(request.emit ? { emit: request.emit } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    runs.push({ syncName, entries: item.entries, result });
    if (result.exitCode === 130) break;
  }
  return { ok: true, runs };
}
