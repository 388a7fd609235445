// Turns ajv errors into diagnostics on the exact key or value, with messages a Jira administrator can act on.
// oneOf/anyOf noise is reduced to the best-matching branch; a value of the wrong kind gets one merged message.
import type { ErrorObject } from 'ajv';
import type { ConfigDocument } from './document';
import type { ConfigDiagnostic, ConfigPath } from './diagnostic';
import { Severity, makeDiagnostic } from './diagnostic';
import { suggest } from './did-you-mean';

const KIND_NAMES: Record<string, string> = {
  string: 'text',
  object: 'a mapping',
  array: 'a list',
  boolean: '`true` or `false`',
  integer: 'a whole number',
  number: 'a number',
  null: '`null`',
};

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'boolean') return `\`${value}\``;
  return `the number ${String(value)}`;
}

function kinds(types: string[]): string {
  const names = [...new Set(types.map((t) => KIND_NAMES[t] ?? t))];
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

export function pathOf(instancePath: string): ConfigPath {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The readable name of where a path points, for messages: `fields.priority` or "the top level". */
function where(path: ConfigPath): string {
  return path.length === 0 ? 'the top level' : `\`${path.join('.')}\``;
}

const PATTERN_MESSAGES: Record<string, string> = {
  name: '`name` may hold only letters, digits, `.`, `_` and `-`, and starts with a letter or digit (e.g. `support-to-engineering`).',
  project: 'A project key is upper-case letters, digits and `_`, starting with a letter (e.g. `SUP`).',
  site: 'A site name may hold only letters, digits, `_` and `-` (e.g. `support`).',
};

function typesOf(error: ErrorObject): string[] {
  const t = error.params.type as string | string[] | undefined;
  return Array.isArray(t) ? t : t ? [t] : [];
}

/** Keeps, for every failed oneOf/anyOf, only the errors of its best branch (or one merged type error). */
function reduceAlternatives(errors: ErrorObject[]): ErrorObject[] {
  const alternatives = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  if (alternatives.length === 0) return errors;
  const drop = new Set<ErrorObject>();
  const add: ErrorObject[] = [];
  // Errors sorted by instancePath, so that the errors under one alternative's instance are one slice of it
  // (a scan of every error per alternative was quadratic on large files with many broken mappings).
  const order = new Map(errors.map((e, i) => [e, i]));
  const byPath = [...errors].sort((a, b) =>
    a.instancePath < b.instancePath ? -1 : a.instancePath > b.instancePath ? 1 : 0,
  );
  const under = (path: string): ErrorObject[] => {
    let low = 0;
    let high = byPath.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (byPath[mid]!.instancePath < path) low = mid + 1;
      else high = mid;
    }
    const out: ErrorObject[] = [];
    for (let i = low; i < byPath.length && byPath[i]!.instancePath.startsWith(path); i++)
      out.push(byPath[i]!);
    return out.sort((a, b) => order.get(a)! - order.get(b)!); // ajv's order, as before
  };
  for (const alt of alternatives) {
    drop.add(alt);
    const prefix = `${alt.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of under(alt.instancePath)) {
      if (e === alt || !e.schemaPath.startsWith(prefix) || !e.instancePath.startsWith(alt.instancePath))
        continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0]!;
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
      drop.add(e);
    }
    const typeMismatch = (list: ErrorObject[]) =>
      list.some((e) => e.keyword === 'type' && e.instancePath === alt.instancePath);
    const matching = [...branches.values()].filter((list) => !typeMismatch(list));
    if (matching.length > 0) {
      add.push(...matching.sort((a, b) => a.length - b.length)[0]!);
    } else {
      const types = [...branches.values()].flatMap((list) =>
        list.filter((e) => e.keyword === 'type' && e.instancePath === alt.instancePath).flatMap(typesOf),
      );
      add.push({ ...alt, keyword: 'type', params: { type: types } });
    }
  }
  return [...errors.filter((e) => !drop.has(e)), ...add];
}

function describe(
  error: ErrorObject,
): { path: ConfigPath; onKey: boolean; message: string; data: Record<string, unknown> } | undefined {
  const path = pathOf(error.instancePath);
  const last = path[path.length - 1];
  const parentSchema = (error.parentSchema ?? {}) as { properties?: Record<string, unknown> };
  const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;
  if (propertyName !== undefined) {
    return {
      path: [...path, propertyName],
      onKey: true,
      message: `\`${propertyName}\` is not a valid name here. ${PATTERN_MESSAGES.site}`,
      data: {},
    };
  }
  switch (error.keyword) {
    case 'required': {
      const missing = String(error.params.missingProperty);
      const inside = path.length === 0 ? 'A sync config' : where(path);
      return {
        path,
        onKey: true,
        message: `${inside} needs the key \`${missing}\`. Add \`${missing}:\`${path.length === 0 ? ' at the top level' : ` under ${where(path)}`}.`,
        data: { missingKey: missing },
      };
    }
    case 'additionalProperties': {
      const extra = String(error.params.additionalProperty);
      const allowed = Object.keys(parentSchema.properties ?? {});
      const suggestions = suggest(extra, allowed);
      const hint =
        suggestions.length > 0
          ? ` Did you mean \`${suggestions[0]}\`?`
          : allowed.length > 0
            ? ` Allowed here: ${allowed.map((k) => `\`${k}\``).join(', ')}.`
            : '';
      return {
        path: [...path, extra],
        onKey: true,
        message: `Unknown key \`${extra}\` ${path.length === 0 ? 'at' : 'in'} ${where(path)}.${hint}`,
        data: { suggestions, allowed, unknownKey: extra },
      };
    }
    case 'type':
      return {
        path,
        onKey: false,
        message: `Expected ${kinds(typesOf(error))} for ${where(path)}, got ${kindOf(error.data)}.`,
        data: { expected: typesOf(error) },
      };
    case 'enum': {
      const allowed = ((error.params.allowedValues as unknown[]) ?? []).map(String);
      const value = String(error.data);
      const close = suggest(value, allowed, 1);
      return {
        path,
        onKey: false,
        message: `\`${value}\` is not allowed for ${where(path)}.${close.length ? ` Did you mean \`${close[0]}\`?` : ''} Use one of: ${allowed.map((v) => `\`${v}\``).join(', ')}.`,
        data: { suggestions: close.length ? [...close, ...allowed.filter((a) => a !== close[0])] : allowed },
      };
    }
    case 'const':
      return {
        path,
        onKey: false,
        message: `${where(path)} must be \`${String(error.params.allowedValue)}\`: it is the only version of this file format.`,
        data: { suggestions: [String(error.params.allowedValue)] },
      };
    case 'pattern':
      return {
        path,
        onKey: false,
        message:
          PATTERN_MESSAGES[String(last)] ??
          `The value of ${where(path)} must match ${String(error.params.pattern)}.`,
        data: {},
      };
    case 'minLength':
      return { path, onKey: false, message: `${where(path)} must not be empty.`, data: {} };
    case 'minProperties':
      return {
        path,
        onKey: true,
        message:
          last === 'fields'
            ? '`fields` needs at least one mapping, e.g. `summary: summary`.'
            : last === 'sites'
              ? '`sites` needs at least one site with a `url`.'
              : `${where(path)} must not be empty.`,
        data: {},
      };
    case 'minimum':
    case 'maximum':
      return {
        path,
        onKey: false,
        message: `${where(path)} must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(error.params.limit)}.`,
        data: {},
      };
    case 'propertyNames':
    case 'if':
    case 'allOf':
      return undefined; // their inner errors carry the detail
    default:
      return {
        path,
        onKey: false,
        message: `${where(path)}: ${error.message ?? 'does not match the schema'}.`,
        data: {},
      };
  }
}

/** Diagnostics for the schema errors of a document, each placed on its key or value node (DESIGN.md §5). */
export function schemaDiagnostics(errors: ErrorObject[], doc: ConfigDocument): ConfigDiagnostic[] {
  const out: ConfigDiagnostic[] = [];
  const seen = new Set<string>();
  for (const error of reduceAlternatives(errors)) {
    const d = describe(error);
    if (!d) continue;
    const range =
      d.path.length === 0 ? doc.firstLine() : d.onKey ? doc.keyRange(d.path) : doc.valueRange(d.path);
    const id = `${range.start.line}:${range.start.character}:${d.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(makeDiagnostic('schema', Severity.Error, range, d.message, { path: d.path, ...d.data }));
  }
  return out;
}
