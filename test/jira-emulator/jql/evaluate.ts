// Compiles a parsed JQL query into a predicate and a comparator over the emulator's issues. Unknown
// fields, values and operators fail with Jira's 400 messages; `issue.property[…]` matches nothing,
// because entity properties are only indexed for apps, never for an API-token client.
import { fieldByClauseName } from '../fields-catalog';
import type { IssueState } from '../model';
import type { SiteState } from '../site-state';
import { jqlDate } from './dates';
import type { JqlNode, JqlQuery, JqlValue } from './parse';
import { JqlError } from './parse';

export interface JqlContext {
  site: SiteState;
  accountId: string;
  timeZone: string;
  now: number;
}

type Predicate = (issue: IssueState) => boolean;

export interface CompiledJql {
  matches: Predicate;
  /** Sorts issues by the ORDER BY (keys computed once per issue: searches over 10k issues stay cheap). */
  sort: (issues: IssueState[]) => IssueState[];
  /** False when the query has no clause at all: Jira refuses such unbounded searches. */
  bounded: boolean;
}

const EQUALITY_OPS = ['=', '!=', 'IN', 'NOT IN', 'IS', 'IS NOT'];
const ORDER_OPS = ['=', '!=', '>', '>=', '<', '<=', 'IS', 'IS NOT'];
const TEXT_OPS = ['~', '!~', 'IS', 'IS NOT'];

/** How one field is read for JQL: equality keys, a date, or text. */
type Accessor =
  | {
      type: 'values';
      read: (i: IssueState) => string[];
      resolve: (v: string) => string;
      /** For single-valued fields: the value without an array (the hot path of `project = X`). */
      one?: (i: IssueState) => string;
    }
  | { type: 'date'; read: (i: IssueState) => number }
  | { type: 'number'; read: (i: IssueState) => number | null }
  | { type: 'text'; read: (i: IssueState) => string; equality?: boolean }
  | { type: 'nothing' };

function adfText(node: unknown): string {
  if (typeof node === 'string') return node;
  if (!node || typeof node !== 'object') return '';
  const n = node as { text?: unknown; content?: unknown };
  return `${typeof n.text === 'string' ? n.text : ''} ${Array.isArray(n.content) ? n.content.map(adfText).join(' ') : ''}`;
}

function notExist(value: string, field: string): never {
  throw new JqlError(`The value '${value}' does not exist for the field '${field}'.`);
}

function accessorFor(ctx: JqlContext, name: string): Accessor {
  const { site } = ctx;
  const lower = name.toLowerCase();
  if (lower.startsWith('issue.property[')) return { type: 'nothing' };
  if (lower === 'key' || lower === 'issuekey' || lower === 'id') {
    return {
      type: 'values',
      read: (i) => [i.id, i.key],
      resolve: (v) => {
        const issue = site.findIssue(v);
        if (issue) return issue.id;
        if (/^\d+$/.test(v) || !site.project(v.replace(/-\d+$/, ''))) return `missing:${v}`;
        throw new JqlError(`An issue with key '${v.toUpperCase()}' does not exist for field '${name}'.`);
      },
    };
  }
  if (lower === 'project') {
    return {
      type: 'values',
      read: (i) => [i.projectKey],
      one: (i) => i.projectKey,
      resolve: (v) => {
        const project =
          site.project(v) ??
          Object.entries(site.config.projects).find(([, p]) => p.name.toLowerCase() === v.toLowerCase());
        const key = !project ? undefined : Array.isArray(project) ? (project[0] as string) : project.key;
        // A project the user may not browse does not exist for them, as in Jira.
        if (!key || !site.can(key, ctx.accountId, 'BROWSE_PROJECTS')) notExist(v, name);
        return key;
      },
    };
  }
  if (lower === 'issuetype' || lower === 'type') {
    return {
      type: 'values',
      read: (i) => [i.issueType],
      one: (i) => i.issueType,
      resolve: (v) => site.issueTypeByIdOrName(v)?.name ?? notExist(v, name),
    };
  }
  if (lower === 'status') {
    return {
      type: 'values',
      read: (i) => [i.status],
      one: (i) => i.status,
      resolve: (v) =>
        Object.entries(site.config.statuses).find(
          ([n, s]) => n.toLowerCase() === v.toLowerCase() || s.id === v,
        )?.[0] ?? notExist(v, name),
    };
  }
  if (['created', 'createddate', 'updated', 'updateddate'].includes(lower)) {
    const key = lower.startsWith('created') ? 'created' : 'updated';
    return { type: 'date', read: (i) => i[key] };
  }
  if (lower === 'creator' || lower === 'reporter' || lower === 'assignee') {
    return {
      type: 'values',
      read: (i) => {
        const v = lower === 'creator' ? i.creator : i.fields[lower];
        return typeof v === 'string' ? [v] : [];
      },
      resolve: (v) => v,
    };
  }
  if (lower === 'watcher') {
    // Jira's `watcher = accountId` (erase-account searches it for a mapped `watchers`).
    return { type: 'values', read: (i) => [...i.watchers], resolve: (v) => v };
  }
  if (lower === 'summary' || lower === 'description' || lower === 'text' || lower === 'environment') {
    const ids = lower === 'text' ? ['summary', 'description', 'environment'] : [lower];
    return { type: 'text', read: (i) => ids.map((id) => adfText(i.fields[id])).join(' ') };
  }
  const field = fieldByClauseName(site.config, name);
  if (!field) throw new JqlError(`Field '${name}' does not exist or you do not have permission to view it.`);
  const raw = (i: IssueState) => i.fields[field.id];
  switch (field.kind) {
    case 'labels':
    case 'priority':
    case 'select':
    case 'user':
    case 'users':
      return {
        type: 'values',
        read: (i) => {
          const v = raw(i);
          return Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : [];
        },
        resolve: (v) => v,
      };
    case 'number':
      return { type: 'number', read: (i) => (typeof raw(i) === 'number' ? (raw(i) as number) : null) };
    case 'text':
    case 'textarea':
      return { type: 'text', read: (i) => adfText(raw(i)), equality: field.kind === 'text' };
    default:
      throw new JqlError(`Field '${name}' does not exist or you do not have permission to view it.`);
  }
}

function literals(ctx: JqlContext, value: JqlValue): (string | null)[] {
  switch (value.kind) {
    case 'empty':
      return [null];
    case 'list':
      return value.items.flatMap((item) => literals(ctx, item));
    case 'literal':
      return [value.text];
    case 'function':
      if (value.name.toLowerCase() === 'currentuser') return [ctx.accountId];
      throw new JqlError(`Unable to find JQL function '${value.name}(${value.args.join(', ')})'.`);
  }
}

function unsupported(op: string, field: string): never {
  throw new JqlError(`The operator '${op}' is not supported by the '${field}' field.`);
}

function compileClause(ctx: JqlContext, node: Extract<JqlNode, { kind: 'clause' }>): Predicate {
  const { field, op } = node;
  const access = accessorFor(ctx, field);
  const wanted = literals(ctx, node.value);
  if (access.type === 'nothing') return () => false;
  if ((op === 'IS' || op === 'IS NOT') && !(wanted.length === 1 && wanted[0] === null)) {
    throw new JqlError(
      `The operator '${op}' only supports 'EMPTY' or 'NULL' as a value for the '${field}' field.`,
    );
  }
  const isEmpty = (empty: boolean) => (op === 'IS' || op === '=' ? empty : !empty);
  if (access.type === 'values') {
    if (!EQUALITY_OPS.includes(op)) unsupported(op, field);
    if (wanted.includes(null)) {
      return (i) => isEmpty(access.read(i).length === 0);
    }
    const resolved = new Set(wanted.map((w) => access.resolve(w as string)));
    const positive = op === '=' || op === 'IN';
    const one = access.one;
    if (one) return positive ? (i) => resolved.has(one(i)) : (i) => !resolved.has(one(i));
    return (i) => {
      const values = access.read(i);
      const hit = values.some((v) => resolved.has(v));
      return positive ? hit : values.length > 0 && !hit;
    };
  }
  if (access.type === 'date' || access.type === 'number') {
    if (!ORDER_OPS.includes(op)) unsupported(op, field);
    if (wanted.includes(null)) return (i) => isEmpty(access.read(i) === null);
    const text = wanted[0] as string;
    const bound =
      access.type === 'date'
        ? jqlDate(text, ctx.timeZone, ctx.now)
        : Number.isFinite(Number(text))
          ? Number(text)
          : undefined;
    if (bound === undefined) {
      throw new JqlError(
        access.type === 'date'
          ? `Date value '${text}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`
          : `The value '${text}' is not a valid number for the field '${field}'.`,
      );
    }
    return (i) => {
      const v = access.read(i);
      if (v === null) return false;
      switch (op) {
        case '=':
          return v === bound;
        case '!=':
          return v !== bound;
        case '>':
          return v > bound;
        case '>=':
          return v >= bound;
        case '<':
          return v < bound;
        default:
          return v <= bound;
      }
    };
  }
  const allowed = access.equality ? [...TEXT_OPS, '=', '!='] : TEXT_OPS;
  if (!allowed.includes(op)) unsupported(op, field);
  if (wanted.includes(null)) return (i) => isEmpty(access.read(i).trim() === '');
  const needle = (wanted[0] as string).toLowerCase().replace(/\*/g, '');
  if (op === '=') return (i) => access.read(i) === wanted[0];
  if (op === '!=') return (i) => access.read(i) !== wanted[0];
  const contains = (i: IssueState) => access.read(i).toLowerCase().includes(needle);
  return op === '~' ? contains : (i) => !contains(i);
}

function compileNode(ctx: JqlContext, node: JqlNode): Predicate {
  switch (node.kind) {
    case 'and': {
      const items = node.items.map((n) => compileNode(ctx, n));
      return (i) => items.every((p) => p(i));
    }
    case 'or': {
      const items = node.items.map((n) => compileNode(ctx, n));
      return (i) => items.some((p) => p(i));
    }
    case 'not': {
      const item = compileNode(ctx, node.item);
      return (i) => !item(i);
    }
    case 'clause':
      return compileClause(ctx, node);
  }
}

/**
 * The `key`/`id` sort value of each issue, kept until its key changes: a search sorts all its hits for every page,
 * and building 50,000 of these strings per page made paging through a large project quadratic in practice.
 */
const keyOrder = new WeakMap<IssueState, { key: string; projectKey: string; value: string }>();

function keySortValue(i: IssueState): string {
  const cached = keyOrder.get(i);
  if (cached && cached.key === i.key && cached.projectKey === i.projectKey) return cached.value;
  const value = `${i.projectKey}-${i.key.split('-')[1]?.padStart(12, '0')}`;
  keyOrder.set(i, { key: i.key, projectKey: i.projectKey, value });
  return value;
}

function sortKey(ctx: JqlContext, field: string): (i: IssueState) => string | number {
  const lower = field.toLowerCase();
  if (lower === 'key' || lower === 'issuekey' || lower === 'id') return keySortValue;
  if (lower === 'created' || lower === 'updated') return (i) => i[lower];
  if (lower === 'priority') {
    const ranks = Object.keys(ctx.site.priorities());
    return (i) => ranks.indexOf(String(i.fields.priority));
  }
  if (lower === 'status') return (i) => i.status;
  if (lower === 'issuetype' || lower === 'type') return (i) => i.issueType;
  if (lower === 'project') return (i) => i.projectKey;
  const custom = fieldByClauseName(ctx.site.config, field);
  if (!custom)
    throw new JqlError(`Field '${field}' does not exist or you do not have permission to view it.`);
  return (i) => JSON.stringify(i.fields[custom.id] ?? '');
}

/** Compiles JQL; throws JqlError with Jira's message on any problem. Default order: created DESC. */
export function compileJql(ctx: JqlContext, query: JqlQuery): CompiledJql {
  const matches = query.where ? compileNode(ctx, query.where) : () => true;
  const order = (
    query.orderBy.length > 0 ? query.orderBy : [{ field: 'created', direction: 'DESC' as const }]
  ).map((o) => ({ key: sortKey(ctx, o.field), sign: o.direction === 'DESC' ? -1 : 1 }));
  const compare = (a: IssueState, b: IssueState): number => {
    for (const o of order) {
      const x = o.key(a);
      const y = o.key(b);
      if (x < y) return -o.sign;
      if (x > y) return o.sign;
    }
    return Number(b.id) - Number(a.id);
  };
  // The comparator is a total order (ties end on the id), so hits already in order (the usual case: issues are
  // kept in creation order) are the sorted result: one pass instead of a sort of every hit for every page.
  const inOrder = (issues: IssueState[]): boolean => {
    for (let i = 1; i < issues.length; i++)
      if (compare(issues[i - 1] as IssueState, issues[i] as IssueState) > 0) return false;
    return true;
  };
  const sort = (issues: IssueState[]) =>
    inOrder(issues)
      ? issues
      : issues
          .map((issue) => ({ issue, keys: order.map((o) => o.key(issue)), id: Number(issue.id) }))
          .sort((a, b) => {
            for (let i = 0; i < order.length; i++) {
              const x = a.keys[i] as string | number;
              const y = b.keys[i] as string | number;
              const sign = (order[i] as { sign: number }).sign;
              if (x < y) return -sign;
              if (x > y) return sign;
            }
            return b.id - a.id;
          })
          .map((d) => d.issue);
  return { matches, sort, bounded: query.where !== undefined };
}
