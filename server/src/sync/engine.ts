// The sync engine: one run of one config, source → target (DESIGN.md §6). Front ends (the CLI, the extension
// through the CLI) pass an event sink and an AbortSignal; the result is a typed value with the exit code of §7.
import { setMaxListeners } from 'node:events';
import type { SyncConfig } from '../config/model';
import type { ConfigDocument } from '../config/document';
import type { ClientOptions, JiraSite } from '../jira/client';
import { isCancelled } from '../jira/errors';
import type { SiteLimiter } from '../jira/limiter';
import { sleep } from '../jira/limiter';
import { emptyCounts, type RunCounts, type RunOutcome, type SyncEvent } from '../protocol/events';
import { LockHeldError, StoreError, openSyncStore, readSyncStore, type SyncStore } from '../store';
import { approximateCount, exportIssues, exportJql, lookbackMinutes } from './export';
import { FieldCatalog } from './field-catalog';
import { importIssue, type ImportContext, type IssueOutcome } from './import';
import { forEachLimited } from './pool';
import { recordEntry } from './record-entry';
import { rebuildLinks, replayCreateIntents, type IndexLagOptions } from './link';
import { mapIssue, mappingFingerprint, sourceFieldsNeeded, type MappedIssue } from './map';
import { favourMemory } from './memory';
import { checkAccess, connectSites, loadValidConfig } from './preflight';
import { ScreenMetadata } from './screens';
import type { SourceIssue } from './source-issue';
import { WorkflowPaths } from './transitions';
import { UserResolver } from './users';

export interface RunOptions {
  configPath: string;
  stateDir: string;
  env: NodeJS.ProcessEnv;
  dryRun?: boolean;
  /** Concurrent requests per site, and issues imported in parallel. */
  concurrency?: number;
  signal?: AbortSignal;
  emit?: (event: SyncEvent) => void;
  /** `retry`: only these source issues, imported even though they have open entries. */
  onlySourceIssueIds?: string[];
  /** Index lag tolerance when links are rebuilt or intents replayed. */
  indexLag?: Partial<IndexLagOptions>;
  /** First pause before re-importing issues that hit transient failures (doubles per pass; tests make it short). */
  transientBackoffMs?: number;
  /** Transport tuning (tests make backoff short). */
  transport?: Omit<ClientOptions, 'concurrency' | 'limiters' | 'signal'>;
  now?: () => Date;
}

export interface RunResult {
  outcome: RunOutcome;
  exitCode: 0 | 1 | 2 | 3 | 130;
  counts: RunCounts;
  /** Requests per site name. */
  requests: Record<string, number>;
  writes: Record<string, number>;
  message?: string;
  codes?: string[];
  durationMs: number;
}

const time = (): string => new Date().toISOString();

/** Passes over issues whose import hit a transient failure; the last one opens entries. */
const TRANSIENT_PASSES = 6;

/** Runs a sync once. Never throws for anything a user can cause; returns the outcome and exit code. */
export async function runSync(options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  favourMemory();
  // Every waiting request listens to the run's signal: many at once is by design, not a leak.
  if (options.signal) setMaxListeners(0, options.signal);
  const emit = options.emit ?? (() => {});
  const counts = emptyCounts();
  const requests: Record<string, number> = {};
  const writes: Record<string, number> = {};
  const finish = (
    outcome: RunOutcome,
    exitCode: RunResult['exitCode'],
    extra: { message?: string; codes?: string[] } = {},
  ): RunResult => {
    const result: RunResult = {
      outcome,
      exitCode,
      counts,
      requests,
      writes,
      durationMs: Date.now() - started,
      ...extra,
    };
    emit({
      type: 'run-finished',
      time: time(),
      outcome,
      exitCode,
      counts,
      durationMs: result.durationMs,
      requests,
      ...extra,
    });
    return result;
  };

  const pre = await loadValidConfig(options.configPath, options.stateDir);
  if (!pre.ok) return finish('invalid-config', pre.exitCode, { message: pre.message, codes: pre.codes });
  const { config, document } = pre;

  const concurrency = Math.max(1, Math.min(64, options.concurrency ?? 8));
  const limiters = new Map<string, SiteLimiter>();
  const sites = connectSites(config, options.env, {
    ...options.transport,
    concurrency,
    limiters,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!sites.ok) {
    return finish(sites.exitCode === 2 ? 'invalid-config' : 'could-not-run', sites.exitCode, {
      message: sites.message,
      codes: sites.codes,
    });
  }
  const { source, target } = sites;
  const tally = (): void => {
    // Source and target may be the same site: its counts add up.
    for (const key of Object.keys(requests)) delete requests[key];
    for (const key of Object.keys(writes)) delete writes[key];
    for (const site of [source, target]) {
      requests[site.name] = (requests[site.name] ?? 0) + site.stats.requests;
      writes[site.name] = (writes[site.name] ?? 0) + site.stats.writes;
    }
  };

  let store: SyncStore | undefined;
  try {
    const access = await checkAccess(config, source, target);
    if (!access.ok) {
      tally();
      return finish('could-not-run', 3, { message: access.message, codes: access.codes });
    }
    try {
      // A dry run works on a throw-away copy: no lock, no journal, not a byte written to the state directory.
      store =
        options.dryRun === true
          ? await readSyncStore({ stateDir: options.stateDir, syncName: config.name, scratch: true })
          : await openSyncStore({ stateDir: options.stateDir, syncName: config.name });
    } catch (error) {
      tally();
      if (error instanceof LockHeldError)
        return finish('could-not-run', 3, { message: error.message, codes: ['lock-held'] });
      if (error instanceof StoreError)
        return finish('could-not-run', 3, { message: error.message, codes: [error.code] });
      throw error;
    }
    const result = await runWithStore(
      options,
      config,
      document,
      pre.configPath,
      source,
      target,
      store,
      counts,
      emit,
    );
    tally();
    return finish(result.outcome, result.exitCode, result.message ? { message: result.message } : {});
  } catch (error) {
    tally();
    if (isCancelled(error)) {
      await store?.checkpoint().catch(() => {});
      return finish('cancelled', 130, { message: 'Cancelled; everything imported so far is recorded.' });
    }
    throw error;
  } finally {
    await store?.close().catch(() => {});
  }
}

async function runWithStore(
  options: RunOptions,
  config: SyncConfig,
  document: ConfigDocument,
  configPath: string,
  source: JiraSite,
  target: JiraSite,
  store: SyncStore,
  counts: RunCounts,
  emit: (event: SyncEvent) => void,
): Promise<{ outcome: RunOutcome; exitCode: RunResult['exitCode']; message?: string }> {
  const now = options.now ?? (() => new Date());
  const dryRun = options.dryRun === true;
  const signal = options.signal;
  const lag: IndexLagOptions = {
    settleMs: options.indexLag?.settleMs ?? 3000,
    maxSearches: options.indexLag?.maxSearches ?? 4,
    ...(signal ? { signal } : {}),
  };
  const concurrency = Math.max(1, Math.min(64, options.concurrency ?? 8));
  if (!dryRun) {
    store.setSyncInfo({ configPath, sourceSiteUrl: source.baseUrl, targetSiteUrl: target.baseUrl });
    store.purgeExpired(config.personalData?.retentionDays ?? 30);
  }

  // Where the last successful run started decides the export window; a store without links exports everything.
  const lastGood = store
    .listRuns(50)
    .find((r) => !r.dryRun && (r.outcome === 'synced' || r.outcome === 'open-entries'));
  let sinceMinutes = lookbackMinutes(lastGood ? new Date(lastGood.startedAt) : null, now());

  emit({ type: 'run-started', time: time(), v: 1, sync: config.name, configPath, dryRun, sinceMinutes });
  const runId = store.startRun({ dryRun });
  let finishedRun = false;
  const storeCounts = () => ({
    created: counts.created,
    updated: counts.updated,
    unchanged: counts.unchanged,
    failed: counts.failed,
    stopped: counts.stopped,
    entriesOpened: counts.entriesOpened,
    entriesResolved: counts.entriesResolved,
  });
  // Issues this run must export even if unchanged: creates a crash left undone, and transient entries.
  const carryOver = new Set<string>(
    store
      .listEntries({ state: 'open' })
      .filter((e) => e.category === 'network' || e.category === 'rate-limited')
      .map((e) => e.sourceIssueId),
  );
  try {
    if (store.linkCount() === 0) {
      emit({
        type: 'progress',
        time: time(),
        phase: 'links',
        done: 0,
        total: null,
        ratePerSecond: 0,
        etaSeconds: null,
      });
      await rebuildLinks(store, target, config.target.project, config.name, source.baseUrl, lag, now());
      sinceMinutes = null;
    }
    if (!dryRun && store.unfinishedCreateIntents().length > 0) {
      emit({
        type: 'progress',
        time: time(),
        phase: 'replay',
        done: 0,
        total: null,
        ratePerSecond: 0,
        etaSeconds: null,
      });
      const replay = await replayCreateIntents(
        store,
        target,
        config.target.project,
        config.name,
        source.baseUrl,
        lag,
        now(),
      );
      for (const id of replay.abandoned) carryOver.add(id);
    }

    const targetCatalog = await FieldCatalog.load(target);
    const fingerprint = mappingFingerprint(config);
    const lineOf = (path: (string | number)[]): number | null => {
      try {
        return document.lineOf(path);
      } catch {
        return null;
      }
    };
    // The source status and issue type of each mapped issue, for the config line of an entry. Held as long as the
    // mapped issue is (its page, or the retry of a transient failure), never for the whole project: a map by
    // issue id grew by 50,000 entries at 50,000 issues, and V8 sizes its heap to a multiple of what is live.
    const sourceOf = new WeakMap<MappedIssue, { status: string | null; type: string }>();
    const ctx: ImportContext = {
      config,
      syncName: config.name,
      sourceSiteUrl: source.baseUrl,
      sourceStatusOf: (m) => sourceOf.get(m)?.status ?? null,
      sourceTypeOf: (m) => sourceOf.get(m)?.type ?? m.issueType,
      store,
      target,
      targetCatalog,
      users: new UserResolver(config, source, target),
      screens: new ScreenMetadata(target),
      workflows: new WorkflowPaths(target),
      dryRun,
      plan: (item) => emit({ type: 'plan', time: time(), item }),
      lineOf,
      recordEntry: (mapped, report) => recordEntry(store, config, mapped, report, counts, emit),
      resolveEntries: (mapped) => {
        for (const entry of store.resolveOpenEntriesFor(mapped.sourceIssueId)) {
          counts.entriesResolved++;
          emit({ type: 'entry-resolved', time: time(), id: entry.id, sourceKey: entry.sourceKey });
        }
      },
      counters: { transitions: 0, commentsAdded: 0, watchersChanged: 0 },
      lastAttempt: false,
      ignoreQueue: options.onlySourceIssueIds !== undefined,
    };

    let jql = exportJql(config, sinceMinutes);
    if (options.onlySourceIssueIds) {
      const ids = options.onlySourceIssueIds.filter((id) => /^\d+$/.test(id));
      jql = exportJql(config, null).replace(' ORDER BY', ` AND id in (${ids.join(',') || '0'}) ORDER BY`);
    }
    const total = await approximateCount(source, jql);
    const watchersMapped = Object.keys(config.fields).includes('watchers');
    const deferred: MappedIssue[] = [];
    const startedAt = Date.now();
    let done = 0;
    let lastProgress = 0;
    const progress = (force = false): void => {
      const elapsed = (Date.now() - startedAt) / 1000;
      if (!force && Date.now() - lastProgress < 250) return;
      lastProgress = Date.now();
      const rate = elapsed > 0 ? done / elapsed : 0;
      const remaining = total !== null ? Math.max(0, total - done) : null;
      emit({
        type: 'progress',
        time: time(),
        phase: 'import',
        done,
        total,
        ratePerSecond: Math.round(rate * 10) / 10,
        etaSeconds: remaining !== null && rate > 0 ? Math.round(remaining / rate) : null,
      });
    };

    const handle = async (mapped: MappedIssue, outcome: IssueOutcome): Promise<void> => {
      if (outcome.action === 'deferred') {
        deferred.push(mapped);
        return;
      }
      counts[outcome.action === 'failed' ? 'failed' : outcome.action]++;
      emit({
        type: 'issue-synced',
        time: time(),
        sourceIssueId: mapped.sourceIssueId,
        sourceKey: mapped.sourceKey,
        targetKey: outcome.targetKey,
        action: outcome.action,
      });
      if (!dryRun) await store.markIssueProcessed();
    };

    let cancelled = false;
    const exportAndImport = async (query: string): Promise<void> => {
      const pages = exportIssues(source, query, {
        fields: sourceFieldsNeeded(config),
        watchers: watchersMapped,
        comments: config.comments?.sync === true,
      });
      // The next page is fetched while this one imports, so the search never idles the import workers.
      const iterator = pages[Symbol.asyncIterator]();
      let next = iterator.next();
      for (;;) {
        const page = await next;
        if (page.done) break;
        next = iterator.next();
        cancelled = await importPage(page.value);
        if (cancelled) {
          await next.catch(() => undefined);
          break;
        }
      }
    };
    const importPage = async (page: SourceIssue[]): Promise<boolean> => {
      counts.exported += page.length;
      const mappedPage = page.map((issue: SourceIssue) => {
        carryOver.delete(issue.id);
        const mapped = mapIssue(issue, { config, target: targetCatalog, fingerprint });
        sourceOf.set(mapped, {
          status: (issue.fields.status as { name?: string } | undefined)?.name ?? null,
          type: (issue.fields.issuetype as { name?: string } | undefined)?.name ?? '',
        });
        return mapped;
      });
      const stopped = await forEachLimited(mappedPage, concurrency, signal, async (mapped) => {
        const outcome = await importIssue(mapped, ctx);
        await handle(mapped, outcome);
        done++;
        progress();
      });
      progress(true);
      return stopped;
    };
    await exportAndImport(jql);
    // What the incremental window did not bring but this run owes: abandoned creates, transient entries.
    const owed = [...carryOver].filter((id) => /^\d+$/.test(id));
    for (let i = 0; i < owed.length && !cancelled && !options.onlySourceIssueIds; i += 100) {
      const ids = owed.slice(i, i + 100).join(',');
      await exportAndImport(exportJql(config, null).replace(' ORDER BY', ` AND id in (${ids}) ORDER BY`));
    }

    // Transient failures (5xx/network after the transport's retries, creates whose answer was lost): retry them
    // once the rest is done, after replaying the create intents; the last attempt opens entries.
    for (let attempt = 1; attempt <= TRANSIENT_PASSES && deferred.length > 0 && !cancelled; attempt++) {
      const batch = deferred.splice(0);
      const first = options.transientBackoffMs ?? 250;
      await sleep(Math.min(first * 2 ** (attempt - 1), first * 16), signal);
      if (!dryRun && store.unfinishedCreateIntents().length > 0) {
        await replayCreateIntents(
          store,
          target,
          config.target.project,
          config.name,
          source.baseUrl,
          lag,
          now(),
        );
      }
      ctx.lastAttempt = attempt === TRANSIENT_PASSES;
      cancelled = await forEachLimited(batch, concurrency, signal, async (mapped) => {
        await handle(mapped, await importIssue(mapped, ctx));
        done++;
      });
    }
    for (const mapped of deferred) await handle(mapped, { action: 'failed', targetKey: null });

    counts.transitions = ctx.counters.transitions;
    counts.commentsAdded = ctx.counters.commentsAdded;
    counts.watchersChanged = ctx.counters.watchersChanged;
    counts.openEntries = store.listEntries({ state: 'open' }).length;
    progress(true);

    if (cancelled || signal?.aborted) {
      store.finishRun(runId, 'cancelled', storeCounts());
      finishedRun = true;
      await store.checkpoint();
      return {
        outcome: 'cancelled',
        exitCode: 130,
        message: 'Cancelled; everything imported so far is recorded.',
      };
    }
    const outcome: RunOutcome = counts.openEntries > 0 && !dryRun ? 'open-entries' : 'synced';
    store.finishRun(runId, outcome, storeCounts());
    finishedRun = true;
    await store.checkpoint();
    return { outcome, exitCode: outcome === 'synced' ? 0 : 1 };
  } catch (error) {
    if (!finishedRun && isCancelled(error)) {
      store.finishRun(runId, 'cancelled', storeCounts());
      finishedRun = true;
    }
    throw error;
  }
}
