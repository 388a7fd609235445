// How a failed write of an import becomes a troubleshooting entry (or a deferral, when it was transient):
// classification with the create/edit metadata, our own message, and the config line of the mapping to blame.
import { classifyError, needsScreenMetadata, type Classification } from '../jira/classify';
import { JiraNetworkError } from '../jira/errors';
import type { EntryCategory, EntryOperation } from '../protocol/events';
import { entryMessage } from './entry-messages';
import type { MappedIssue } from './map';
import { Stop, type ImportContext } from './import-context';

/** Runs a lookup; a transient failure defers the issue, anything else is a bug or a cancel and propagates. */
export async function guarded<T>(
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

export async function classify(
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

export function failWith(
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

export interface ReportFacts {
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

export function report(ctx: ImportContext, mapped: MappedIssue, facts: ReportFacts): void {
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
