// Link: the `backbone.link` entity property on each target issue (DESIGN.md §6), written in the create call.
// Links are keyed by source issue id. When the store has none, or after a crash, they are rebuilt from the
// target by searching the sync user's issues (`creator = currentUser()`, `properties=backbone.link`); entity
// properties are not JQL-searchable for an API-token client, so `issue.property[…]` never appears in JQL.
import type { JiraSite } from '../jira/client';
import { sleep } from '../jira/limiter';
import type { SyncStore } from '../store';

export const LINK_PROPERTY = 'backbone.link';

/** Links created within this span count as recent: the search index may still lack their siblings. */
const RECENT_MS = 10 * 60_000;

export interface LinkValue {
  v: 1;
  sync: string;
  sourceSite: string;
  sourceIssueId: string;
  sourceKey: string;
}

/** The property written in the create call of a target issue. */
export function linkProperty(
  sync: string,
  sourceSite: string,
  source: { id: string; key: string },
): { key: string; value: LinkValue } {
  return {
    key: LINK_PROPERTY,
    value: { v: 1, sync, sourceSite, sourceIssueId: source.id, sourceKey: source.key },
  };
}

/** Reads our link from a search result's `properties`, if it is ours (this sync, this source site). */
export function readLink(properties: unknown, sync: string, sourceSite: string): LinkValue | undefined {
  const value = (properties as Record<string, unknown> | undefined)?.[LINK_PROPERTY] as
    Partial<LinkValue> | undefined;
  if (!value || value.v !== 1 || value.sync !== sync || value.sourceSite !== sourceSite) return undefined;
  if (typeof value.sourceIssueId !== 'string' || typeof value.sourceKey !== 'string') return undefined;
  return value as LinkValue;
}

export interface LinkedTargetIssue {
  targetIssueId: string;
  targetKey: string;
  link: LinkValue;
  /** Epoch ms of the target issue's creation, when the search returned it. */
  created?: number;
}

/** Every target issue the sync user created that carries our link, optionally only recent ones. */
export async function searchLinkedIssues(
  target: JiraSite,
  project: string,
  sync: string,
  sourceSite: string,
  createdWithinMinutes?: number,
): Promise<Map<string, LinkedTargetIssue>> {
  let jql = `project = "${project.replace(/"/g, '\\"')}" AND creator = currentUser()`;
  if (createdWithinMinutes !== undefined) jql += ` AND created >= -${createdWithinMinutes}m`;
  jql += ' ORDER BY id ASC';
  const found = new Map<string, LinkedTargetIssue>();
  let nextPageToken: string | undefined;
  do {
    const page = await target.api.issueSearch.searchAndReconsileIssuesUsingJqlPost({
      jql,
      fields: ['created'],
      properties: [LINK_PROPERTY],
      maxResults: 100,
      ...(nextPageToken ? { nextPageToken } : {}),
    });
    for (const raw of (page.issues ?? []) as {
      id?: string;
      key?: string;
      properties?: unknown;
      fields?: { created?: unknown };
    }[]) {
      if (typeof raw.id !== 'string' || typeof raw.key !== 'string') continue;
      const link = readLink(raw.properties, sync, sourceSite);
      // Lowest target id wins should a source issue ever be linked twice (ORDER BY id ASC).
      if (link && !found.has(link.sourceIssueId)) {
        const created = typeof raw.fields?.created === 'string' ? Date.parse(raw.fields.created) : NaN;
        found.set(link.sourceIssueId, {
          targetIssueId: raw.id,
          targetKey: raw.key,
          link,
          ...(Number.isFinite(created) ? { created } : {}),
        });
      }
    }
    nextPageToken = page.isLast === true ? undefined : (page.nextPageToken ?? undefined);
  } while (nextPageToken);
  return found;
}

export interface IndexLagOptions {
  /** How long to wait between searches for the search index to settle. */
  settleMs: number;
  /** Searches at most this many times. */
  maxSearches: number;
  signal?: AbortSignal;
}

/**
 * Searches until two consecutive results agree: a create of the last seconds may not be in the search index yet
 * (index lag), and a missed link would mean a duplicate.
 */
export async function searchUntilSettled(
  search: () => Promise<Map<string, LinkedTargetIssue>>,
  options: IndexLagOptions,
  done: (found: Map<string, LinkedTargetIssue>) => boolean = () => false,
): Promise<Map<string, LinkedTargetIssue>> {
  let previous = await search();
  for (let i = 1; i < options.maxSearches && !done(previous); i++) {
    await sleep(options.settleMs, options.signal);
    const next = await search();
    const stable = next.size === previous.size && [...next.keys()].every((k) => previous.has(k));
    previous = next;
    if (stable) break;
  }
  return previous;
}

/** Rebuilds the store's links from the target (a new machine, CI, a lost state directory). Returns the count. */
export async function rebuildLinks(
  store: SyncStore,
  target: JiraSite,
  project: string,
  sync: string,
  sourceSite: string,
  lag: IndexLagOptions,
  now: Date,
): Promise<number> {
  const search = () => searchLinkedIssues(target, project, sync, sourceSite);
  let found = await search();
  // The index may lag behind the newest creates. When the sync created issues lately (another machine, a lost
  // state directory), wait for the index to settle; when its newest link is old (or there is none), no create of
  // the last seconds can be missing, and a first run does not pay the wait.
  const recent = [...found.values()].some(
    (f) => f.created === undefined || now.getTime() - f.created < RECENT_MS,
  );
  if (recent) found = await searchUntilSettled(search, lag);
  for (const item of found.values()) {
    store.recordLink({
      sourceIssueId: item.link.sourceIssueId,
      sourceKey: item.link.sourceKey,
      targetIssueId: item.targetIssueId,
      targetKey: item.targetKey,
      payloadHash: null,
    });
  }
  await store.checkpoint();
  return found.size;
}

/**
 * Replays create intents a previous run left unfinished: the link property on the target tells whether the
 * create happened. Found → the link is recorded; not found once the index settled → the intent is abandoned and
 * the issue is created again by this run. Returns how many creates had happened and the abandoned source ids.
 */
export async function replayCreateIntents(
  store: SyncStore,
  target: JiraSite,
  project: string,
  sync: string,
  sourceSite: string,
  lag: IndexLagOptions,
  now: Date,
): Promise<{ happened: number; abandoned: string[] }> {
  const intents = store.unfinishedCreateIntents();
  if (intents.length === 0) return { happened: 0, abandoned: [] };
  const oldest = Math.min(...intents.map((i) => Date.parse(i.recordedAt)));
  const minutes = Math.ceil((now.getTime() - oldest) / 60_000) + 2;
  const wanted = new Set(intents.map((i) => i.sourceIssueId));
  const found = await searchUntilSettled(
    () => searchLinkedIssues(target, project, sync, sourceSite, minutes),
    // Without every intent found, keep looking for the whole lag budget: a create we cannot see yet must not be
    // repeated.
    { ...lag, maxSearches: Math.max(lag.maxSearches, 2) },
    (f) => [...wanted].every((id) => f.has(id)),
  );
  let happened = 0;
  const abandoned: string[] = [];
  for (const intent of intents) {
    const item = found.get(intent.sourceIssueId);
    if (item) {
      happened++;
      store.recordLink({
        sourceIssueId: intent.sourceIssueId,
        sourceKey: intent.sourceKey,
        targetIssueId: item.targetIssueId,
        targetKey: item.targetKey,
        payloadHash: null,
      });
    } else {
      store.abandonCreateIntent(intent.sourceIssueId);
      abandoned.push(intent.sourceIssueId);
    }
  }
  await store.checkpoint();
  return { happened, abandoned };
}
