// The parts of an import after the issue itself: comments one way (each linked by a comment property with the
// source comment id, so a crash or a lost state never duplicates one) and watchers through the watchers endpoints.
import type { JiraSite } from '../jira/client';
import { LINK_PROPERTY } from './link';
import type { MappedIssue } from './map';
import { Stop, type ImportContext } from './import-context';
import { classify, failWith, report } from './import-failures';

/**
 * The comments this sync already put on a target issue, by source comment id (a crash between POST and record,
 * or a lost state directory). The issue's comment list gives the ids; their properties come from POST
 * comment/list, the only endpoint that documents `expand=properties`. An issue without comments costs one call.
 */
async function syncedCommentsOn(
  target: JiraSite,
  targetIssueId: string,
  syncName: string,
): Promise<Map<string, string>> {
  const ids: number[] = [];
  for (let startAt = 0; ;) {
    const page = await target.api.issueComments.getComments({
      issueIdOrKey: targetIssueId,
      startAt,
      maxResults: 100,
    });
    const list = page.comments ?? [];
    for (const c of list) if (typeof c.id === 'string') ids.push(Number(c.id));
    startAt += list.length;
    if (list.length === 0 || startAt >= (page.total ?? 0)) break;
  }
  const synced = new Map<string, string>();
  // comment/list takes at most 1,000 ids per call and answers them in one page.
  for (let i = 0; i < ids.length; i += 1000) {
    const page = await target.api.issueComments.getCommentsByIds({
      ids: ids.slice(i, i + 1000),
      expand: 'properties',
    });
    const values = (page.values ?? []) as {
      id?: string;
      properties?: { key?: string; value?: { sourceCommentId?: unknown; sync?: unknown } }[];
    }[];
    for (const c of values) {
      const prop = (c.properties ?? []).find((p) => p.key === LINK_PROPERTY);
      const sourceCommentId = prop?.value?.sourceCommentId;
      if (typeof c.id === 'string' && typeof sourceCommentId === 'string' && prop?.value?.sync === syncName) {
        synced.set(sourceCommentId, c.id);
      }
    }
  }
  return synced;
}

export async function syncComments(
  ctx: ImportContext,
  mapped: MappedIssue,
  targetIssueId: string,
  targetKey: string | null,
  newComments: MappedIssue['comments'],
): Promise<boolean> {
  const { target, store } = ctx;
  try {
    const existing = await syncedCommentsOn(target, targetIssueId, ctx.syncName);
    for (const comment of newComments) {
      const already = existing.get(comment.sourceCommentId);
      if (already) {
        store.recordCommentLink({
          sourceIssueId: mapped.sourceIssueId,
          sourceCommentId: comment.sourceCommentId,
          targetCommentId: already,
        });
        continue;
      }
      const created = await target.api.issueComments.addComment({
        issueIdOrKey: targetIssueId,
        body: comment.body as never,
        properties: [
          {
            key: LINK_PROPERTY,
            value: {
              v: 1,
              sync: ctx.syncName,
              sourceIssueId: mapped.sourceIssueId,
              sourceCommentId: comment.sourceCommentId,
            },
          },
        ],
      });
      ctx.counters.commentsAdded++;
      store.recordCommentLink({
        sourceIssueId: mapped.sourceIssueId,
        sourceCommentId: comment.sourceCommentId,
        targetCommentId: String(created.id),
      });
    }
    return true;
  } catch (error) {
    const c = await classify(ctx, error, 'comment', [], mapped, targetIssueId);
    if (c?.transient && !ctx.lastAttempt) throw new Stop({ action: 'deferred', targetKey });
    failWith(ctx, mapped, c, error, 'comment', { targetIssueId, targetKey });
    return false;
  }
}

export async function syncWatchers(
  ctx: ImportContext,
  mapped: MappedIssue,
  targetIssueId: string | null,
  targetKey: string | null,
): Promise<boolean> {
  const { target } = ctx;
  const wanted: string[] = [];
  const unresolved: string[] = [];
  for (const id of mapped.watchers ?? []) {
    const r = await ctx.users.resolve(id);
    if (r.ok && !r.viaFallback) wanted.push(r.accountId);
    else unresolved.push(id);
  }
  try {
    const me = await ctx.users.self();
    const current = targetIssueId ? await currentWatchers(target, targetIssueId) : [];
    const add = wanted.filter((id) => !current.includes(id));
    const remove = current.filter((id) => !wanted.includes(id) && id !== me);
    if (ctx.dryRun) {
      if (add.length + remove.length > 0)
        ctx.plan({ kind: 'watchers', sourceKey: mapped.sourceKey, targetKey, add, remove });
    } else if (targetIssueId) {
      for (const accountId of add) {
        await target.api.issueWatchers.addWatcher({ issueIdOrKey: targetIssueId, body: accountId } as never);
        ctx.counters.watchersChanged++;
      }
      for (const accountId of remove) {
        await target.api.issueWatchers.removeWatcher({ issueIdOrKey: targetIssueId, accountId });
        ctx.counters.watchersChanged++;
      }
    }
  } catch (error) {
    const c = await classify(ctx, error, 'watchers', ['watchers'], mapped, targetIssueId);
    if (c?.transient && !ctx.lastAttempt) throw new Stop({ action: 'deferred', targetKey });
    failWith(ctx, mapped, c, error, 'watchers', targetIssueId ? { targetIssueId, targetKey } : null);
    return false;
  }
  if (unresolved.length > 0 && !ctx.dryRun) {
    report(ctx, mapped, {
      category: 'user-not-found',
      operation: 'watchers',
      field: 'watchers',
      status: null,
      errorKeys: [],
      accountIds: unresolved,
      link: targetIssueId ? { targetIssueId, targetKey } : null,
    });
    return false;
  }
  return true;
}

async function currentWatchers(target: JiraSite, issueId: string): Promise<string[]> {
  const result = await target.api.issueWatchers.getIssueWatchers({ issueIdOrKey: issueId });
  return (result.watchers ?? []).map((w) => w.accountId).filter((id): id is string => typeof id === 'string');
}
