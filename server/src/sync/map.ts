// Map: builds the target payload of one source issue from the config (DESIGN.md §4, §6). Pure: no requests.
// Users stay as SOURCE account IDs here; the importer resolves them on the target (account ID or email, then
// fallbackUser) just before writing, so an unchanged issue costs no lookups.
import { createHash } from 'node:crypto';
import type { SyncConfig, FieldMapping, FieldMappingObject } from '../config/model';
import {
  adfToText,
  isAdfDoc,
  mentionsByIdOnly,
  prefixAdf,
  scrubMentions,
  textToAdf,
  type AdfNode,
} from '../jira/adf';
import type { FieldCatalog, FieldKind } from './field-catalog';
import type { SourceComment, SourceIssue } from './source-issue';

/** A source value in a neutral form, before it takes the shape of the target field. */
export type Neutral =
  | null
  | { t: 'text'; v: string }
  | { t: 'rich'; doc: AdfNode }
  | { t: 'num'; v: number }
  | { t: 'name'; v: string }
  | { t: 'user'; id: string; name?: string }
  | { t: 'list'; items: Neutral[] };

export interface MappedIssue {
  sourceIssueId: string;
  sourceKey: string;
  /** Target issue type name. */
  issueType: string;
  /** Target field id → value in Jira's write shape. User values hold SOURCE account IDs until resolved. */
  fields: Record<string, unknown>;
  /** Target user fields → the source account IDs they hold. */
  userFields: Map<string, string[]>;
  /** Target field id → the source field it came from (for the config line of an entry). */
  sourceOf: Map<string, string>;
  /** Mapped target status name, or null when statuses are not synced or this one is not mapped. */
  status: string | null;
  /** Source watcher account IDs, or null when watchers are not mapped. */
  watchers: string[] | null;
  /** Comments to sync, bodies ready to post. */
  comments: { sourceCommentId: string; body: AdfNode; authorAccountId: string | null }[];
  /** Hash of everything above except comments: unchanged hash = nothing to write. */
  hash: string;
}

export function toNeutral(value: unknown): Neutral {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return { t: 'text', v: value };
  if (typeof value === 'number') return { t: 'num', v: value };
  if (typeof value === 'boolean') return { t: 'text', v: String(value) };
  if (Array.isArray(value)) return { t: 'list', items: value.map(toNeutral).filter((n) => n !== null) };
  if (isAdfDoc(value)) return { t: 'rich', doc: value };
  const record = value as Record<string, unknown>;
  if (typeof record.accountId === 'string') {
    return {
      t: 'user',
      id: record.accountId,
      ...(typeof record.displayName === 'string' ? { name: record.displayName } : {}),
    };
  }
  if (typeof record.value === 'string') return { t: 'name', v: record.value };
  if (typeof record.name === 'string') return { t: 'name', v: record.name };
  return null;
}

export function neutralToText(n: Neutral): string | null {
  if (n === null) return null;
  switch (n.t) {
    case 'text':
    case 'name':
      return n.v;
    case 'num':
      return String(n.v);
    case 'rich':
      return adfToText(n.doc);
    case 'user':
      return n.name ?? n.id;
    case 'list':
      return n.items
        .map(neutralToText)
        .filter((s) => s !== null)
        .join(', ');
  }
}

function correlate(n: Neutral, mapping: FieldMappingObject): Neutral {
  const table = mapping.correlate ?? {};
  const one = (item: Neutral): Neutral => {
    if (item === null) return 'default' in mapping ? scalar(mapping.default) : null;
    if (item.t === 'list') return { t: 'list', items: item.items.map(one) };
    if (item.t !== 'text' && item.t !== 'name' && item.t !== 'num') return item;
    const key = String(item.v);
    if (Object.prototype.hasOwnProperty.call(table, key)) return scalar(table[key]);
    if ('default' in mapping) return scalar(mapping.default);
    return item;
  };
  return one(n);
}

function scalar(value: string | number | boolean | null | undefined): Neutral {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return { t: 'num', v: value };
  return { t: 'name', v: String(value) };
}

function prefix(n: Neutral, text: string): Neutral {
  if (n === null) return null;
  switch (n.t) {
    case 'text':
    case 'name':
      return { ...n, v: `${text}${n.v}` };
    case 'num':
      return { t: 'text', v: `${text}${n.v}` };
    case 'rich':
      return { t: 'rich', doc: prefixAdf(n.doc, text) };
    case 'list':
      return { t: 'list', items: n.items.map((i) => prefix(i, text)) };
    case 'user':
      return n;
  }
}

function richOf(n: Neutral, exchange: boolean): AdfNode | null {
  if (n === null) return null;
  if (n.t === 'rich') return exchange ? mentionsByIdOnly(n.doc) : scrubMentions(n.doc);
  const text = neutralToText(n);
  return text === null ? null : textToAdf(text);
}

function userIds(n: Neutral): string[] {
  if (n === null) return [];
  if (n.t === 'user') return [n.id];
  if (n.t === 'list') return n.items.flatMap(userIds);
  return [];
}

/** Puts a neutral value into the write shape of a target field kind. */
export function render(n: Neutral, kind: FieldKind, exchange: boolean): unknown {
  if (n === null)
    return kind === 'labels' || kind === 'named-list' || kind === 'options' || kind === 'users' ? [] : null;
  const items = n.t === 'list' ? n.items : [n];
  const texts = (): string[] => items.map(neutralToText).filter((s): s is string => s !== null && s !== '');
  switch (kind) {
    case 'text':
    case 'date':
      return neutralToText(n);
    case 'rich-text':
      return richOf(n, exchange);
    case 'number': {
      if (n.t === 'num') return n.v;
      const value = Number(neutralToText(n));
      return Number.isFinite(value) ? value : null;
    }
    case 'option':
      return texts()[0] !== undefined ? { value: texts()[0] } : null;
    case 'options':
      return texts().map((value) => ({ value }));
    case 'named':
      return texts()[0] !== undefined ? { name: texts()[0] } : null;
    case 'named-list':
      return texts().map((name) => ({ name }));
    case 'labels':
      // Jira labels cannot contain spaces.
      return texts().map((label) => label.replace(/\s+/g, '_'));
    case 'user': {
      const id = userIds(n)[0];
      return id === undefined ? null : { accountId: id };
    }
    case 'users':
      return userIds(n).map((accountId) => ({ accountId }));
    case 'unknown':
      if (n.t === 'rich') return richOf(n, exchange);
      if (n.t === 'user') return { accountId: n.id };
      if (n.t === 'name') return { name: n.v };
      if (n.t === 'list') return n.items.map((i) => render(i, 'unknown', exchange));
      return n.t === 'num' ? n.v : n.v;
  }
}

function objectForm(mapping: FieldMapping): FieldMappingObject {
  return typeof mapping === 'string' ? { target: mapping } : mapping;
}

/** Source fields the export must request for this config. */
export function sourceFieldsNeeded(config: SyncConfig): string[] {
  const fields = new Set<string>(['issuetype', 'status', 'updated']);
  for (const source of Object.keys(config.fields)) if (source !== 'watchers') fields.add(source);
  if (config.comments?.sync) fields.add('comment');
  return [...fields];
}

/** A fingerprint of the mapping part of the config: changing a mapping re-imports every issue once. */
export function mappingFingerprint(config: SyncConfig): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        config.fields,
        config.issueTypes ?? null,
        config.statuses ?? null,
        config.link ?? null,
        config.personalData?.exchange ?? false,
        config.personalData?.users ?? 'account-id',
        config.personalData?.fallbackUser ?? null,
      ]),
    )
    .digest('hex')
    .slice(0, 16);
}

export interface MapContext {
  config: SyncConfig;
  target: FieldCatalog;
  fingerprint: string;
}

/** Maps one source issue to its target payload. */
export function mapIssue(issue: SourceIssue, context: MapContext): MappedIssue {
  const { config, target } = context;
  const exchange = config.personalData?.exchange === true;
  const fields: Record<string, unknown> = {};
  const userFields = new Map<string, string[]>();
  const sourceOf = new Map<string, string>();
  let watchers: string[] | null = null;

  for (const [sourceField, rawMapping] of Object.entries(config.fields)) {
    const mapping = objectForm(rawMapping);
    if (mapping.direction && mapping.direction !== 'source-to-target') continue;
    const targetField = mapping.target;
    const sourceIsUser =
      sourceField === 'watchers' || target.isUser(sourceField) || isUserValue(issue.fields[sourceField]);
    // Defence in depth: the config validator already refuses user mappings without exchange.
    if (!exchange && (sourceIsUser || target.isUser(targetField))) continue;
    if (sourceField === 'watchers' && targetField === 'watchers') {
      watchers = [...(issue.watchers ?? [])].sort();
      continue;
    }
    let value = toNeutral(
      sourceField === 'watchers'
        ? (issue.watchers ?? []).map((accountId) => ({ accountId }))
        : issue.fields[sourceField],
    );
    if (mapping.correlate) value = correlate(value, mapping);
    else if ('default' in mapping && value === null) value = scalar(mapping.default);
    if (mapping.prefix !== undefined) value = prefix(value, mapping.prefix);
    if (mapping.as === 'text') {
      const text = neutralToText(value);
      value = text === null ? null : { t: 'text', v: text };
    }
    const kind = target.kind(targetField);
    fields[targetField] = render(value, kind, exchange);
    sourceOf.set(targetField, sourceField);
    if (kind === 'user' || kind === 'users') userFields.set(targetField, userIds(value));
  }

  const linkField = config.link?.field;
  if (linkField) {
    fields[linkField] = render({ t: 'text', v: issue.key }, target.kind(linkField), exchange);
  }

  const sourceType = nameOf(issue.fields.issuetype) ?? 'Task';
  const issueType = config.issueTypes?.[sourceType] ?? sourceType;
  const sourceStatus = nameOf(issue.fields.status);
  const status = config.statuses && sourceStatus !== null ? (config.statuses[sourceStatus] ?? null) : null;

  const comments = config.comments?.sync ? issue.comments.map((c) => commentBody(c, exchange)) : [];
  const hash = createHash('sha256')
    .update(JSON.stringify([context.fingerprint, issueType, fields, status, watchers]))
    .digest('hex');
  return {
    sourceIssueId: issue.id,
    sourceKey: issue.key,
    issueType,
    fields,
    userFields,
    sourceOf,
    status,
    watchers,
    comments,
    hash,
  };
}

function isUserValue(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { accountId?: unknown }).accountId === 'string'
  );
}

function nameOf(value: unknown): string | null {
  const name = (value as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' ? name : null;
}

/**
 * The body of a synced comment. With exchange, the author is named by account ID (a mention the target renders);
 * without, it is posted by the sync user with no attribution and mentions become a neutral placeholder.
 */
function commentBody(
  comment: SourceComment,
  exchange: boolean,
): { sourceCommentId: string; body: AdfNode; authorAccountId: string | null } {
  const body = comment.body ?? textToAdf('');
  if (!exchange) return { sourceCommentId: comment.id, body: scrubMentions(body), authorAccountId: null };
  const content = [...(mentionsByIdOnly(body).content ?? [])];
  if (comment.authorAccountId) {
    content.unshift({
      type: 'paragraph',
      content: [
        { type: 'mention', attrs: { id: comment.authorAccountId } },
        { type: 'text', text: ' wrote:' },
      ],
    });
  }
  return {
    sourceCommentId: comment.id,
    body: { type: 'doc', version: 1, content },
    authorAccountId: comment.authorAccountId,
  };
}
