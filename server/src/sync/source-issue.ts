// A source issue as the export hands it to the mapper: ids, key, the named fields, and (when mapped) the
// watcher account IDs and comments. Display names and emails in the raw JSON stay in memory only.
import type { AdfNode } from '../jira/adf';

export interface SourceComment {
  id: string;
  authorAccountId: string | null;
  body: AdfNode | null;
}

export interface SourceIssue {
  id: string;
  key: string;
  fields: Record<string, unknown>;
  /** Account IDs of the watchers; undefined when watchers are not mapped. */
  watchers?: string[];
  comments: SourceComment[];
}

/** Reads the comments of a search result's `comment` field (`{ comments: [...] }`). */
export function commentsOf(field: unknown): { comments: SourceComment[]; total: number } {
  const record = (field ?? {}) as { comments?: unknown; total?: unknown };
  const list = Array.isArray(record.comments) ? record.comments : [];
  const comments = list.map(toSourceComment).filter((c): c is SourceComment => c !== undefined);
  const total = typeof record.total === 'number' ? record.total : comments.length;
  return { comments, total };
}

export function toSourceComment(raw: unknown): SourceComment | undefined {
  const c = raw as { id?: unknown; author?: { accountId?: unknown }; body?: unknown } | null;
  if (!c || typeof c.id !== 'string') return undefined;
  return {
    id: c.id,
    authorAccountId: typeof c.author?.accountId === 'string' ? c.author.accountId : null,
    body: c.body && typeof c.body === 'object' ? (c.body as AdfNode) : null,
  };
}
