// The store's privacy gate (DESIGN.md §9.1): every value that reaches the database must be an id, a key, a
// number, a time or our own short text. Anything that could be a display name, an email address, an
// avatar URL or Jira's text is refused here, before it is journaled. Errors name the argument, never the
// value (the value may be the very personal data we refuse to keep).
import { StoreError } from './errors';
import { ENTRY_CATEGORIES } from './types';
import type { EntryCategory, EntryInput, PendingChangeRef } from './types';

// Jira ids (issue, comment: digits; fields: `customfield_10010`, `summary`) and our own tokens.
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;
// Atlassian account ids are opaque (`5b10ac8d82e05b22cc7d4ef5`, `557058:f58131cb-…`, `qm:…`): no spaces,
// no `@`, and, unlike a name, at least one digit.
const ACCOUNT_ID = /^(?=[^\d]*\d)[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
const ISSUE_KEY = /^[A-Za-z][A-Za-z0-9_]*-[0-9]+$/;
const OPERATION = /^[a-z][a-z-]{0,39}$/;
const HASH = /^[A-Za-z0-9+/=_:.-]{1,200}$/;
const EMAIL_LIKE = /[^\s@<>()"']+@[^\s@<>()"']+\.[^\s@<>()"']+/;
const MAX_MESSAGE = 1000;

function invalid(what: string, rule: string): never {
  throw new StoreError('invalid-input', `The store refused ${what}: ${rule}.`);
}

export function checkId(value: unknown, what: string): string {
  if (typeof value !== 'string' || !ID.test(value))
    invalid(what, 'it must be a Jira id (letters, digits, _ . : -)');
  return value;
}

export function checkAccountId(value: unknown, what: string): string {
  if (typeof value !== 'string' || !ACCOUNT_ID.test(value)) {
    invalid(what, 'it must be an Atlassian account ID, never a name or an email address');
  }
  return value;
}

export function checkIssueKey(value: unknown, what: string): string {
  if (typeof value !== 'string' || !ISSUE_KEY.test(value))
    invalid(what, 'it must be an issue key like ENG-12');
  return value;
}

export function checkOperation(value: unknown): string {
  if (typeof value !== 'string' || !OPERATION.test(value))
    invalid('the operation', 'it must be a word like edit');
  return value;
}

export function checkCategory(value: unknown): EntryCategory {
  if (!ENTRY_CATEGORIES.includes(value as EntryCategory)) {
    invalid('the category', `it must be one of ${ENTRY_CATEGORIES.join(', ')}`);
  }
  return value as EntryCategory;
}

export function checkHash(value: unknown, what: string): string {
  if (typeof value !== 'string' || !HASH.test(value)) invalid(what, 'it must be a hash (base64 or hex)');
  return value;
}

/** Our own message: short, and without anything shaped like an email address. */
export function checkMessage(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_MESSAGE) {
    invalid('the entry message', `it must be our own text of 1 to ${MAX_MESSAGE} characters`);
  }
  if (EMAIL_LIKE.test(value)) invalid('the entry message', 'it contains an email address');
  return value;
}

export function checkPositiveInt(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    invalid(what, 'it must be a whole number ≥ 1');
  return value;
}

export function checkHttpStatus(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 100 || value > 599) {
    invalid('the Jira status', 'it must be an HTTP status code');
  }
  return value;
}

/** A site base URL: http(s), without user info (which could hold a name or a token). */
export function checkSiteUrl(value: unknown, what: string): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    invalid(what, 'it must be a URL');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) {
    invalid(what, 'it must be an http(s) URL without user name or password');
  }
  return String(value).replace(/\/+$/, '');
}

export function checkPendingChange(change: PendingChangeRef): PendingChangeRef {
  return {
    sourceIssueId: checkId(change.sourceIssueId, 'the pending change source issue id'),
    operation: checkOperation(change.operation),
    fieldIds: [...new Set(change.fieldIds.map((id) => checkId(id, 'a pending change field id')))],
    accountIds: [
      ...new Set(change.accountIds.map((id) => checkAccountId(id, 'a pending change account id'))),
    ],
  };
}

/** The normalized, checked form of an entry input (what the journal records). */
export interface CheckedEntryInput {
  sourceIssueId: string;
  sourceKey: string;
  targetIssueId: string | null;
  targetKey: string | null;
  operation: string;
  fieldId: string | null;
  category: EntryCategory;
  message: string;
  jiraStatus: number | null;
  jiraErrorKeys: string[];
  configLine: number | null;
  /** undefined: keep the existing pending change on an upsert. */
  pendingChange: PendingChangeRef | null | undefined;
}

export function checkEntryInput(input: EntryInput): CheckedEntryInput {
  const orNull = <T>(value: T | null | undefined, check: (v: T) => T): T | null =>
    value === null || value === undefined ? null : check(value);
  return {
    sourceIssueId: checkId(input.sourceIssueId, 'the source issue id'),
    sourceKey: checkIssueKey(input.sourceKey, 'the source issue key'),
    targetIssueId: orNull(input.targetIssueId, (v) => checkId(v, 'the target issue id')),
    targetKey: orNull(input.targetKey, (v) => checkIssueKey(v, 'the target issue key')),
    operation: checkOperation(input.operation),
    fieldId: orNull(input.fieldId, (v) => checkId(v, 'the field id')),
    category: checkCategory(input.category),
    message: checkMessage(input.message),
    jiraStatus: orNull(input.jiraStatus, checkHttpStatus),
    jiraErrorKeys: [...new Set((input.jiraErrorKeys ?? []).map((k) => checkId(k, 'a Jira error key')))],
    configLine: orNull(input.configLine, (v) => checkPositiveInt(v, 'the config line')),
    pendingChange:
      input.pendingChange === undefined
        ? undefined
        : input.pendingChange === null
          ? null
          : checkPendingChange(input.pendingChange),
  };
}
