// Import: writes one mapped issue into the target (DESIGN.md §6): create (intent journaled first, link property in
// the create call) or edit; then the transitions to the mapped status; then new comments and watchers. A failed
// change becomes a troubleshooting entry; transient failures are handed back to be retried later in the run.
import { JiraNetworkError } from '../jira/errors';
import { isDeletedTargetEntry } from '../protocol/events';
import type { SyncStore } from '../store';
import { linkProperty } from './link';
import type { MappedIssue } from './map';
import { planEdit } from './plan';
import { Stop, type ImportContext, type IssueOutcome } from './import-context';
import { classify, failWith, guarded, report } from './import-failures';
import { syncComments, syncWatchers } from './import-extras';

export type { EntryReport, ImportContext, IssueOutcome } from './import-context';

/** Imports one mapped issue. Throws only for bugs and cancellation. */
export async function importIssue(mapped: MappedIssue, ctx: ImportContext): Promise<IssueOutcome> {
  const { store } = ctx;
  // A stopped issue ("Ignore future changes" of a deleted target issue) is not synced: no read of the target,
  // no write, no entry. `retry` of the entry that stopped it lifts the stop before it runs.
  if (store.isSyncStopped(mapped.sourceIssueId)) return skipStopped(mapped, ctx);
  // Later changes queue behind an open entry; only transient entries (network, rate limits) retry on their own.
  if (
    !ctx.ignoreQueue &&
    !ctx.dryRun &&
    store.hasOpenEntry(mapped.sourceIssueId) &&
    store
      .openEntriesFor(mapped.sourceIssueId)
      .some((e) => e.category !== 'network' && e.category !== 'rate-limited')
  ) {
    return { action: 'queued', targetKey: store.getLink(mapped.sourceIssueId)?.targetKey ?? null };
  }
  let link = store.getLink(mapped.sourceIssueId);
  // Retrying a not-found entry syncs into a new issue: the linked one was deleted (or hidden from the sync user).
  const intoNewIssue =
    ctx.ignoreQueue &&
    link !== undefined &&
    store.openEntriesFor(mapped.sourceIssueId).some(isDeletedTargetEntry);
  if (intoNewIssue) link = undefined;
  const linkedComments = new Set(
    intoNewIssue || mapped.comments.length === 0
      ? []
      : store.listCommentLinks(mapped.sourceIssueId).map((c) => c.sourceCommentId),
  );
  const newComments = mapped.comments.filter((c) => !linkedComments.has(c.sourceCommentId));
  if (link && link.payloadHash === mapped.hash && newComments.length === 0) {
    return { action: 'unchanged', targetKey: link.targetKey };
  }
  try {
    return await importChanged(mapped, ctx, link, newComments);
  } catch (error) {
    if (error instanceof Stop) return error.outcome;
    throw error;
  }
}

function skipStopped(mapped: MappedIssue, ctx: ImportContext): IssueOutcome {
  const targetKey = ctx.store.getLink(mapped.sourceIssueId)?.targetKey ?? null;
  if (ctx.dryRun) {
    const stop = ctx.store.getStop(mapped.sourceIssueId);
    ctx.plan({
      kind: 'skip',
      sourceKey: mapped.sourceKey,
      targetKey,
      reason: 'sync-stopped',
      stoppedBy: stop?.entryId ?? null,
      since: stop?.since ?? '',
    });
  }
  return { action: 'stopped', targetKey };
}

async function importChanged(
  mapped: MappedIssue,
  ctx: ImportContext,
  link: ReturnType<SyncStore['getLink']>,
  newComments: MappedIssue['comments'],
): Promise<IssueOutcome> {
  const { config, store, target } = ctx;
  const project = config.target.project;
  let failed = false;
  const payloadChanged = !link || link.payloadHash !== mapped.hash;

  // Users first: a user that does not resolve is left out of the write and gets its own entry.
  const fields = { ...mapped.fields };
  if (payloadChanged) {
    for (const [field, sourceIds] of mapped.userFields) {
      const resolved: string[] = [];
      const unresolved: string[] = [];
      for (const id of sourceIds) {
        const r = await guarded(ctx, mapped, 'edit', () => ctx.users.resolve(id), link ?? null);
        if (r.ok) resolved.push(r.accountId);
        else unresolved.push(id);
      }
      if (unresolved.length > 0) {
        failed = true;
        delete fields[field];
        report(ctx, mapped, {
          category: 'user-not-found',
          operation: link ? 'edit' : 'create',
          field,
          status: null,
          errorKeys: [],
          accountIds: unresolved,
          link: link ?? null,
        });
        continue;
      }
      const kind = ctx.targetCatalog.kind(field);
      fields[field] =
        kind === 'users'
          ? resolved.map((accountId) => ({ accountId }))
          : resolved[0]
            ? { accountId: resolved[0] }
            : null;
    }
  }

  let targetIssueId = link?.targetIssueId ?? null;
  let targetKey = link?.targetKey ?? null;
  const action: 'created' | 'updated' = link ? 'updated' : 'created';

  if (!link) {
    if (ctx.dryRun) {
      ctx.plan({ kind: 'create', sourceKey: mapped.sourceKey, issueType: mapped.issueType, fields });
    } else {
      await store.recordCreateIntent({ sourceIssueId: mapped.sourceIssueId, sourceKey: mapped.sourceKey });
      // A create sends only fields with a value: an empty field is "not set", so Jira names a required one as missing.
      for (const [field, value] of Object.entries(fields)) {
        if (value === null || (Array.isArray(value) && value.length === 0)) delete fields[field];
      }
      const sent = Object.keys(fields);
      try {
        const created = await target.api.issues.createIssue({
          fields: { ...fields, project: { key: project }, issuetype: { name: mapped.issueType } },
          properties: [
            linkProperty(ctx.syncName, ctx.sourceSiteUrl, {
              id: mapped.sourceIssueId,
              key: mapped.sourceKey,
            }),
          ],
        });
        targetIssueId = String(created.id);
        targetKey = String(created.key);
        store.recordLink({
          sourceIssueId: mapped.sourceIssueId,
          sourceKey: mapped.sourceKey,
          targetIssueId,
          targetKey,
          payloadHash: null,
        });
      } catch (error) {
        // issuetype and project are sent too: Jira's error keys may name them.
        const c = await classify(ctx, error, 'create', [...sent, 'issuetype', 'project'], mapped, null);
        // A create whose answer was lost may have happened: keep the intent; the replay decides.
        const unknownEffect = error instanceof JiraNetworkError || (c?.status ?? 0) >= 500;
        if (!unknownEffect) store.abandonCreateIntent(mapped.sourceIssueId);
        if (c?.transient && !ctx.lastAttempt) throw new Stop({ action: 'deferred', targetKey: null });
        // On the last attempt the entry is opened; an unknown-effect intent stays for the next run's replay.
        failWith(ctx, mapped, c, error, 'create', null);
        throw new Stop({ action: 'failed', targetKey: null });
      }
    }
  } else if (payloadChanged) {
    const sent = Object.keys(fields);
    if (ctx.dryRun) {
      const changes = await planEdit(target, link.targetIssueId, fields);
      if (changes.length > 0)
        ctx.plan({ kind: 'edit', sourceKey: mapped.sourceKey, targetKey: link.targetKey, changes });
    } else if (sent.length > 0) {
      try {
        await target.api.issues.editIssue({ issueIdOrKey: link.targetIssueId, fields, notifyUsers: false });
      } catch (error) {
        const c = await classify(ctx, error, 'edit', sent, mapped, link.targetIssueId);
        if (c?.transient && !ctx.lastAttempt) throw new Stop({ action: 'deferred', targetKey });
        failWith(ctx, mapped, c, error, 'edit', link);
        throw new Stop({ action: 'failed', targetKey });
      }
    }
  }

  // Transitions: to the mapped status, one step at a time.
  if (payloadChanged && mapped.status !== null) {
    if (ctx.dryRun) {
      const from = targetIssueId ? await ctx.workflows.currentStatus(targetIssueId) : null;
      if (from !== mapped.status) {
        const path = await ctx.workflows.plan(targetIssueId, project, mapped.issueType, from, mapped.status);
        ctx.plan({
          kind: 'transition',
          sourceKey: mapped.sourceKey,
          targetKey,
          from,
          to: mapped.status,
          path,
        });
      }
    } else if (targetIssueId) {
      const issueId = targetIssueId;
      try {
        const moved = await ctx.workflows.moveTo(
          issueId,
          project,
          mapped.issueType,
          mapped.status,
          () => ctx.counters.transitions++,
        );
        if (!moved.ok) {
          failed = true;
          report(ctx, mapped, {
            category: 'invalid-transition',
            operation: 'transition',
            field: 'status',
            status: null,
            errorKeys: [],
            link: { targetIssueId: issueId, targetKey },
            fromStatus: moved.from,
            toStatus: mapped.status,
          });
        }
      } catch (error) {
        const c = await classify(ctx, error, 'transition', [], mapped, issueId);
        if (c?.transient && !ctx.lastAttempt) throw new Stop({ action: 'deferred', targetKey });
        failed = true;
        failWith(ctx, mapped, c, error, 'transition', { targetIssueId: issueId, targetKey }, mapped.status);
      }
    }
  }

  // Comments one way, each linked by a comment property with the source comment id.
  if (newComments.length > 0) {
    if (ctx.dryRun) {
      for (const c of newComments)
        ctx.plan({
          kind: 'comment',
          sourceKey: mapped.sourceKey,
          targetKey,
          sourceCommentId: c.sourceCommentId,
        });
    } else if (targetIssueId) {
      const ok = await syncComments(ctx, mapped, targetIssueId, targetKey, newComments);
      if (!ok) failed = true;
    }
  }

  // Watchers through the watchers endpoints.
  if (payloadChanged && mapped.watchers !== null && (targetIssueId || ctx.dryRun)) {
    const ok = await syncWatchers(ctx, mapped, targetIssueId, targetKey);
    if (!ok) failed = true;
  }

  if (ctx.dryRun) return { action, targetKey };
  if (failed) return { action: 'failed', targetKey };
  store.setPayloadHash(mapped.sourceIssueId, mapped.hash);
  ctx.resolveEntries(mapped);
  return { action, targetKey };
}
