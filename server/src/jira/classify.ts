// Which troubleshooting category a failed write belongs to (DESIGN.md §6): decided by the HTTP status, the KEYS
// of Jira's `errors` object, whether we sent that key, and the create/edit metadata; never by message text.
import type { EntryCategory, EntryOperation } from '../protocol/events';
import { JiraNetworkError, JiraRequestError } from './errors';

export interface ClassifyContext {
  operation: EntryOperation;
  /** Target field ids we sent in this request. */
  sentFields: readonly string[];
  /** Target field ids that hold users (assignee, reporter, user pickers). */
  userFields: ReadonlySet<string>;
  /** Fields on the create/edit screen, from createmeta/editmeta; undefined when unknown. */
  screenFields?: ReadonlySet<string>;
  /** Fields the create screen requires, from createmeta; undefined when unknown. */
  requiredFields?: ReadonlySet<string>;
}

export interface Classification {
  category: EntryCategory;
  /** The target field to blame, when one is. */
  field: string | null;
  /** A rate limit or a network/5xx failure: the next run may well succeed without any change. */
  transient: boolean;
  status: number | null;
  errorKeys: string[];
}

/** Classifies an error thrown by our transport; returns undefined for errors that are not Jira's (bugs, cancel). */
export function classifyError(error: unknown, context: ClassifyContext): Classification | undefined {
  if (error instanceof JiraNetworkError) {
    return { category: 'network', field: null, transient: true, status: null, errorKeys: [] };
  }
  if (!(error instanceof JiraRequestError)) return undefined;
  const { status, errorKeys } = error;
  const base = { status, errorKeys };
  if (status === 429) return { ...base, category: 'rate-limited', field: null, transient: true };
  if (status >= 500) return { ...base, category: 'network', field: null, transient: true };
  if (status === 401 || status === 403) {
    return { ...base, category: 'permission-denied', field: errorKeys[0] ?? null, transient: false };
  }
  if (context.operation === 'watchers' && (status === 400 || status === 404)) {
    return { ...base, category: 'user-not-found', field: 'watchers', transient: false };
  }
  if (status === 404) return { ...base, category: 'not-found', field: null, transient: false };
  if (context.operation === 'transition') {
    return { ...base, category: 'invalid-transition', field: errorKeys[0] ?? 'status', transient: false };
  }
  const sent = new Set(context.sentFields);
  // The first key that explains the failure decides; keys we did not send mean a required field is missing.
  for (const key of errorKeys) {
    if (sent.has(key)) {
      if (context.userFields.has(key))
        return { ...base, category: 'user-not-found', field: key, transient: false };
      if (context.screenFields && !context.screenFields.has(key)) {
        return { ...base, category: 'field-not-on-screen', field: key, transient: false };
      }
    } else if (!context.requiredFields || context.requiredFields.has(key)) {
      return { ...base, category: 'required-field-missing', field: key, transient: false };
    }
  }
  return { ...base, category: 'validation', field: errorKeys[0] ?? null, transient: false };
}

/** Whether a 400 names fields we sent, so that create/edit metadata would tell screen problems apart. */
export function needsScreenMetadata(error: unknown, sentFields: readonly string[]): boolean {
  return (
    error instanceof JiraRequestError &&
    error.status === 400 &&
    error.errorKeys.some((key) => sentFields.includes(key))
  );
}
