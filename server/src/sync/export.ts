// Export: pages of source issues from the enhanced JQL search (/rest/api/3/search/jql with nextPageToken and
// named fields), streamed so that the whole project is never held in memory (DESIGN.md §6).
import type { SyncConfig } from '../config/model';
import type { JiraSite } from '../jira/client';
import { commentsOf, toSourceComment, type SourceIssue } from './source-issue';

/** The safety window added to the time since the last successful run (JQL dates are minute-precise). */
export const SAFETY_WINDOW_MINUTES = 2;

/** Minutes to look back, or null for a first run over the whole project. */
export function lookbackMinutes(lastSuccessfulStart: Date | null, now: Date): number | null {
  if (lastSuccessfulStart === null) return null;
  const elapsed = Math.max(0, now.getTime() - lastSuccessfulStart.getTime());
  return Math.ceil(elapsed / 60_000) + SAFETY_WINDOW_MINUTES;
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `project = X AND (user jql) AND updated >= -Nm ORDER BY id`; the user's JQL is parenthesised. */
export function exportJql(config: SyncConfig, sinceMinutes: number | null): string {
  const parts = [`project = ${quote(config.source.project)}`];
  const userJql = config.source.jql?.trim();
  if (userJql) parts.push(`(${userJql})`);
  if (sinceMinutes !== null) parts.push(`updated >= -${sinceMinutes}m`);
  return `${parts.join(' AND ')} ORDER BY id ASC`;
}

/** The total for progress and ETA; null when the count is not available. */
export async function approximateCount(site: JiraSite, jql: string): Promise<number | null> {
  try {
    const result = await site.api.issueSearch.countIssues({ jql: jql.replace(/\s+ORDER BY.*$/i, '') });
    return typeof result.count === 'number' ? result.count : null;
  } catch {
    return null;
  }
}

interface RawIssue {
  id?: string;
  key?: string;
  fields?: Record<string, unknown>;
}

export interface ExportOptions {
  fields: string[];
  pageSize?: number;
  /** Fetch watcher account IDs per issue (only when watchers are mapped). */
  watchers: boolean;
  /** Fetch the rest of the comments when the search returned only some. */
  comments: boolean;
}

/** Streams source issues page by page. */
export async function* exportIssues(
  site: JiraSite,
  jql: string,
  options: ExportOptions,
): AsyncGenerator<SourceIssue[]> {
  let nextPageToken: string | undefined;
  do {
    const page = await site.api.issueSearch.searchAndReconsileIssuesUsingJqlPost({
      jql,
      fields: options.fields,
      maxResults: options.pageSize ?? 100,
      ...(nextPageToken ? { nextPageToken } : {}),
    });
    const raws = ((page.issues ?? []) as RawIssue[]).filter(
      (raw): raw is RawIssue & { id: string; key: string } =>
        typeof raw.id === 'string' && typeof raw.key === 'string',
    );
    // Per-issue extras (watchers, long comment threads) of one page run in parallel, within the site's limit.
    const issues = await Promise.all(
      raws.map(async (raw): Promise<SourceIssue> => {
        const fields = raw.fields ?? {};
        const issue: SourceIssue = { id: raw.id, key: raw.key, fields, comments: [] };
        if (options.comments) {
          const { comments, total } = commentsOf(fields.comment);
          issue.comments = total > comments.length ? await allComments(site, raw.id) : comments;
        }
        if (options.watchers) issue.watchers = await watcherIds(site, raw.id);
        return issue;
      }),
    );
    yield issues;
    nextPageToken = page.isLast === true ? undefined : (page.nextPageToken ?? undefined);
  } while (nextPageToken);
}

async function allComments(site: JiraSite, issueId: string): Promise<SourceIssue['comments']> {
  const out: SourceIssue['comments'] = [];
  for (let startAt = 0; ;) {
    const page = await site.api.issueComments.getComments({
      issueIdOrKey: issueId,
      startAt,
      maxResults: 100,
    });
    const list = (page.comments ?? []).map(toSourceComment).filter((c) => c !== undefined);
    out.push(...list);
    startAt += list.length;
    if (list.length === 0 || startAt >= (page.total ?? 0)) return out;
  }
}

export async function watcherIds(site: JiraSite, issueIdOrKey: string): Promise<string[]> {
  const result = await site.api.issueWatchers.getIssueWatchers({ issueIdOrKey });
  return (result.watchers ?? [])
    .map((w) => w.accountId)
    .filter((id): id is string => typeof id === 'string')
    .sort();
}
