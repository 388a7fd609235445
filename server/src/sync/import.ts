// Import: writes one mapped issue into the target (DESIGN.md §6): create (intent journaled first, link property in
// the create call) or edit; then the transitions to the mapped status; then new comments and watchers. A failed
// change becomes a troubleshooting entry; transient failures are handed back to be retried later in the run.
import type { SyncConfig } from '../config/model';
import type { JiraSite } from '../jira/client';
import { classifyError, needsScreenMetadata, type Classification } from '../jira/classify';
import { JiraNetworkError } from '../jira/errors';
import type { EntryCategory, EntryOperation, PlanItem } from '../protocol/events';
import type { SyncStore } from '../store';
import { entryMessage } from './entry-messages';
import type { FieldCatalog } from './field-catalog';
import { linkProperty, LINK_PROPERTY } from './link';
import type { MappedIssue } from './map';
import type { ScreenMetadata } from './screens';
import type { WorkflowPaths } from './transitions';
import type { UserResolver } from './users';
import { planEdit } from './plan';

export type IssueOutcome =
  | { action: 'created' | 'updated' | 'unchanged' | 'queued' | 'failed'; targetKey: string | null }
  | { action: 'deferred'; targetKey: string | null };

export interface EntryReport {
  category: EntryCategory;
  operation: EntryOperation;
  field: string | null;
  message: string;
  status: number | null;
  errorKeys: string[];
  configLine: number | null;
  accountIds: string[];
  fieldIds: string[];
  targetIssueId: string | null;
  targetKey: string | null;
}

export interface ImportContext {
  config: SyncConfig;
  syncName: string;
  sourceSiteUrl: string;
  sourceStatusOf: (mapped: MappedIssue) => string | null;
  sourceTypeOf: (mapped: MappedIssue) => string;
  store: SyncStore;
  target: JiraSite;
  targetCatalog: FieldCatalog;
  users: UserResolver;
  screens: ScreenMetadata;
  workflows: WorkflowPaths;
  dryRun: boolean;
  plan: (item: PlanItem) => void;
  lineOf: (path: (string | number)[]) => number | null;
  /** Records an entry (store + event). */
  recordEntry: (mapped: MappedIssue, report: EntryReport) => void;
  /** Resolves the open entries of an issue that imported (store + events). */
  resolveEntries: (mapped: MappedIssue) => void;
  counters: { transitions: number; commentsAdded: number; watchersChanged: number };
  /** On the last attempt of a run, transient failures become entries instead of being deferred. */
  lastAttempt: boolean;
  /** `retry`: import even though the issue has open entries. */
  ignoreQueue: boolean;
}

/** Thrown inside one issue's import to stop it; the outcome says what happened. */
class Stop extends Error {
  constructor(readonly outcome: IssueOutcome) {
    super('stop');
  }
}

/** Imports one mapped issue. Throws only for bugs and cancellation. */
export async function importIssue(mapped: MappedIssue, ctx: ImportContext): Promise<IssueOutcome> {
  const { store } = ctx;
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
    store
      .openEntriesFor(mapped.sourceIssueId)
      .some((e) => e.category === 'not-found' && e.operation !== 'create');
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
  let action: 'created' | 'updated' = link ? 'updated' : 'created';

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
  if (action === 'updated' && !payloadChanged) action = 'updated';
  return { action, targetKey };
}

async function syncComments(
  ctx: ImportContext,
  mapped: MappedIssue,
  targetIssueId: string,
  targetKey: string | null,
  newComments: MappedIssue['comments'],
): Promise<boolean> {
  const { target, store } = ctx;
  try {
    // What is already on the target (a crash between POST and record, or a lost state directory).
    const existing = new Map<string, string>();
    for (let startAt = 0; ;) {
      const page = await target.api.issueComments.getComments({
        issueIdOrKey: targetIssueId,
        startAt,
        maxResults: 100,
        expand: 'properties',
      });
      const list = (page.comments ?? []) as {
        id?: string;
        properties?: { key?: string; value?: { sourceCommentId?: unknown; sync?: unknown } }[];
      }[];
      for (const c of list) {
        const prop = (c.properties ?? []).find((p) => p.key === LINK_PROPERTY);
        const sourceCommentId = prop?.value?.sourceCommentId;
        if (
          typeof c.id === 'string' &&
          typeof sourceCommentId === 'string' &&
          prop?.value?.sync === ctx.syncName
        ) {
          existing.set(sourceCommentId, c.id);
        }
      }
      startAt += list.length;
      if (list.length === 0 || startAt >= (page.total ?? 0)) break;
    }
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

async function syncWatchers(
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

/** Runs a lookup; a transient failure defers the issue, anything else is a bug or a cancel and propagates. */
async function guarded<T>(
  ctx: ImportContext,
  mapped: MappedIssue,
  operation: EntryOperation,
  run: () => Promise<T>,
  link: { targetIssueId: string; targetKey: string | null } | null,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const c = classifyError(error, { operation, sentFields: [], userFields: new Set() });
    if (!c) throw error;
    if (c.transient && !ctx.lastAttempt)
      throw new Stop({ action: 'deferred', targetKey: link?.targetKey ?? null });
    failWith(ctx, mapped, c, error, operation, link);
    throw new Stop({ action: 'failed', targetKey: link?.targetKey ?? null });
  }
}

async function classify(
  ctx: ImportContext,
  error: unknown,
  operation: EntryOperation,
  sentFields: string[],
  mapped: MappedIssue,
  targetIssueId: string | null,
): Promise<Classification | undefined> {
  const userFields = new Set([...mapped.userFields.keys()]);
  let screen: { fields: Set<string>; required: Set<string> } | undefined;
  if (
    needsScreenMetadata(error, sentFields) ||
    (operation === 'create' && (error as { status?: number }).status === 400)
  ) {
    screen =
      operation === 'create' || targetIssueId === null
        ? await ctx.screens.createScreen(ctx.config.target.project, mapped.issueType)
        : await ctx.screens.editScreen(targetIssueId);
  }
  const c = classifyError(error, {
    operation,
    sentFields,
    userFields,
    ...(screen ? { screenFields: screen.fields, requiredFields: screen.required } : {}),
  });
  if (!c) throw error; // not Jira's answer: a bug or a cancel
  return c;
}

function failWith(
  ctx: ImportContext,
  mapped: MappedIssue,
  c: Classification | undefined,
  error: unknown,
  operation: EntryOperation,
  link: { targetIssueId: string; targetKey: string | null } | null,
  toStatus?: string,
): void {
  if (!c) throw error;
  report(ctx, mapped, {
    category: c.category,
    operation,
    field: c.field,
    status: c.status,
    errorKeys: c.errorKeys,
    link,
    ...(toStatus ? { toStatus } : {}),
    ...(error instanceof JiraNetworkError ? { networkCode: error.code } : {}),
    accountIds: c.category === 'user-not-found' && c.field ? (mapped.userFields.get(c.field) ?? []) : [],
  });
}

interface ReportFacts {
  category: EntryCategory;
  operation: EntryOperation;
  field: string | null;
  status: number | null;
  errorKeys: string[];
  link: { targetIssueId: string; targetKey: string | null } | null;
  accountIds?: string[];
  fromStatus?: string | null;
  toStatus?: string;
  networkCode?: string;
}

function report(ctx: ImportContext, mapped: MappedIssue, facts: ReportFacts): void {
  if (ctx.dryRun) return;
  const accountIds = facts.accountIds ?? [];
  const message = entryMessage({
    category: facts.category,
    operation: facts.operation,
    field: facts.field,
    status: facts.status,
    errorKeys: facts.errorKeys,
    project: ctx.config.target.project,
    issueType: mapped.issueType,
    targetKey: facts.link?.targetKey ?? null,
    fromStatus: facts.fromStatus ?? null,
    toStatus: facts.toStatus ?? mapped.status,
    accountIds,
    userMode: ctx.config.personalData?.users ?? 'account-id',
    mappedButEmpty: facts.field !== null && mapped.sourceOf.has(facts.field),
    ...(facts.networkCode ? { networkCode: facts.networkCode } : {}),
  });
  ctx.recordEntry(mapped, {
    category: facts.category,
    operation: facts.operation,
    field: facts.field,
    message,
    status: facts.status,
    errorKeys: facts.errorKeys,
    configLine: configLineFor(ctx, mapped, facts),
    accountIds,
    fieldIds: facts.field ? [facts.field] : Object.keys(mapped.fields),
    targetIssueId: facts.link?.targetIssueId ?? null,
    targetKey: facts.link?.targetKey ?? null,
  });
}

/** The config line of the mapping to blame. */
function configLineFor(ctx: ImportContext, mapped: MappedIssue, facts: ReportFacts): number | null {
  if (facts.operation === 'transition' || facts.category === 'invalid-transition') {
    const sourceStatus = ctx.sourceStatusOf(mapped);
    return (
      (sourceStatus !== null ? ctx.lineOf(['statuses', sourceStatus]) : null) ?? ctx.lineOf(['statuses'])
    );
  }
  if (facts.operation === 'comment') return ctx.lineOf(['comments']);
  if (facts.field === 'issuetype') {
    return ctx.lineOf(['issueTypes', ctx.sourceTypeOf(mapped)]) ?? ctx.lineOf(['issueTypes']);
  }
  if (facts.field === 'project') return ctx.lineOf(['target', 'project']);
  if (facts.field) {
    const source = mapped.sourceOf.get(facts.field) ?? (facts.field === 'watchers' ? 'watchers' : undefined);
    if (source) return ctx.lineOf(['fields', source]);
    if (facts.category === 'required-field-missing') return ctx.lineOf(['fields']);
  }
  if (facts.category === 'not-found' && !facts.link) {
    return ctx.lineOf(['issueTypes', ctx.sourceTypeOf(mapped)]) ?? ctx.lineOf(['target', 'project']);
  }
  return null;
}
