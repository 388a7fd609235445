// Completion: the keys the schema allows where the cursor is (minus those present), values from enums,
// examples and booleans, declared site names, Jira field ids, and snippets, with text indented for the
// cursor's column and `InsertTextMode.asIs` so that the editor does not re-indent it.
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
} from 'vscode-languageserver-types';
import type { CompletionItem, CompletionList, Position, Range } from 'vscode-languageserver-types';
import type { ConfigText } from './config-text';
import { cursorContext } from './cursor';
import type { CursorContext, Span } from './cursor';
import { fieldDetail, systemFieldCatalogue } from './field-catalogue';
import type { FieldCatalogue, FieldInfo, Side } from './field-catalogue';
import { scanFlow } from './flow';
import { isObjectView, schemaAt } from './schema-nav';
import type { SchemaView } from './schema-nav';
import { escapeSnippet, indentedText, snippetLines } from './snippets';

export interface CompletionOptions {
  catalogue?: FieldCatalogue;
}

type KeyContext = Extract<CursorContext, { kind: 'key' }>;
type ValueContext = Extract<CursorContext, { kind: 'value' }>;

function rangeOf(line: number, span: Span): Range {
  return { start: { line, character: span.start }, end: { line, character: span.end } };
}

function docs(markdown: string | undefined): CompletionItem['documentation'] {
  return markdown ? { kind: MarkupKind.Markdown, value: markdown } : undefined;
}

/** The site names declared under `sites`, read from the text (works while the YAML is broken). */
export function declaredSites(text: ConfigText): string[] {
  const line = text.topLevelLine('sites');
  if (line < 0) return [];
  const f = text.at(line);
  if (f.valueStart !== undefined && text.line(line)[f.valueStart] === '{') {
    return scanFlow(text.line(line), f.valueStart)
      .entries.filter((e) => e.parents.length === 0 && e.key)
      .map((e) => e.key!.text);
  }
  return text
    .childLines(line)
    .map((i) => text.at(i).key)
    .filter((k): k is string => k !== undefined && k !== '');
}

/** A scalar as YAML text: quoted when YAML would read it differently. */
export function yamlScalar(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  if (
    value === '' ||
    /^[\s&*!|>'"%@`{}[\],#?:-]|\s$|: | #|^\$\{/.test(value) ||
    /^(true|false|null|~|yes|no|on|off)$/i.test(value) ||
    /^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(value)
  )
    return JSON.stringify(value);
  return value;
}

function scalarPlaceholder(view: SchemaView, tabstop: number, sites: string[], key: string): string {
  if (key === 'site' && sites.length > 0) return `\${${tabstop}|${sites.map(escapeChoice).join(',')}|}`;
  const choices = valueChoices(view);
  if (choices.length === 1) return escapeSnippet(yamlScalar(choices[0]));
  if (choices.length > 1)
    return `\${${tabstop}|${choices.map((c) => escapeChoice(yamlScalar(c))).join(',')}|}`;
  return `$${tabstop}`;
}

function escapeChoice(text: string): string {
  return text.replace(/[$}\\,|]/g, '\\$&');
}

/** The values to offer for a node: enum/const values, else booleans; examples come after. */
function valueChoices(view: SchemaView): unknown[] {
  if (view.enumValues.length > 0) {
    // `examples` order the enum the way users expect (`false` before `true`, `account-id` first).
    const ordered = view.examples.filter((e) => view.enumValues.includes(e));
    return [...new Set([...ordered, ...view.enumValues])];
  }
  if (view.types.includes('boolean') && view.types.every((t) => t === 'boolean' || t === 'null')) {
    const first = view.hasDefault ? view.default : false;
    return first === true ? [true, false] : [false, true];
  }
  return [];
}

/** The text a key item inserts: `key: value`, or `key:` with its required keys on the next lines. */
function keyInsertText(
  name: string,
  view: SchemaView,
  context: KeyContext,
  unit: number,
  sites: string[],
): string {
  const key = escapeSnippet(yamlScalar(name));
  if (context.onExistingKey) return key;
  const isObject = isObjectView(view) && !view.types.includes('string');
  if (context.flow) return isObject ? `${key}: { $1 }` : `${key}: ${scalarPlaceholder(view, 1, sites, name)}`;
  if (!isObject) return `${key}: ${scalarPlaceholder(view, 1, sites, name)}`;
  if (view.required.length === 0) return indentedText([`${key}:`, `${' '.repeat(unit)}$0`], context.indent);
  const lines = [`${key}:`];
  view.required.forEach((child, i) => {
    const childView = view.properties.get(child);
    const value = childView ? scalarPlaceholder(childView, i + 1, sites, child) : `$${i + 1}`;
    lines.push(`${' '.repeat(unit)}${escapeSnippet(child)}: ${value}`);
  });
  return indentedText(lines, context.indent);
}

function keyItems(
  context: KeyContext,
  text: ConfigText,
  line: number,
  catalogue: FieldCatalogue,
): CompletionItem[] {
  const range = rangeOf(line, context.replace);
  const present = new Set(context.present);
  const path = context.path;
  const unit = text.indentUnit();
  const items: CompletionItem[] = [];
  const sites = declaredSites(text);

  const snippet = (label: string, body: unknown, markdown: string | undefined): CompletionItem => ({
    label,
    kind: CompletionItemKind.Snippet,
    documentation: docs(markdown),
    insertTextFormat: InsertTextFormat.Snippet,
    insertTextMode: InsertTextMode.asIs,
    textEdit: { range, newText: indentedText(snippetLines(body, unit), context.indent) },
    sortText: `2${label}`,
  });

  if (path.length === 1 && path[0] === 'fields') {
    for (const field of catalogue.fields('source')) {
      if (present.has(field.id)) continue;
      items.push(fieldItem(field, range, context.onExistingKey ? field.id : sourceFieldText(field)));
    }
  } else if (path.length === 1 && (path[0] === 'issueTypes' || path[0] === 'statuses')) {
    const names = path[0] === 'issueTypes' ? catalogue.issueTypes('source') : catalogue.statuses('source');
    for (const name of names) {
      if (present.has(name)) continue;
      const key = escapeSnippet(yamlScalar(name));
      items.push({
        label: name,
        kind: CompletionItemKind.Value,
        detail: path[0] === 'issueTypes' ? 'source issue type' : 'source status',
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range, newText: context.onExistingKey ? key : `${key}: \${1:${key}}` },
      });
    }
  } else {
    const view = schemaAt(path);
    if (!view) return [];
    for (const [name, child] of view.properties) {
      if (present.has(name)) continue;
      items.push({
        label: name,
        kind: CompletionItemKind.Property,
        documentation: docs(child.markdownDescription),
        insertTextFormat: InsertTextFormat.Snippet,
        insertTextMode: InsertTextMode.asIs,
        textEdit: { range, newText: keyInsertText(name, child, context, unit, sites) },
        sortText: `${view.required.includes(name) ? 0 : 1}${name}`,
      });
    }
  }
  if (!context.flow && !context.onExistingKey) {
    const view = schemaAt(path);
    if (view && (path.length > 0 || context.emptyDocument))
      for (const s of view.snippets) items.push(snippet(s.label, s.body, s.markdownDescription));
  }
  return items;
}

function sourceFieldText(field: FieldInfo): string {
  return field.sourceOnly ? `${field.id}: $1` : `${field.id}: \${1:${field.id}}`;
}

function fieldDocs(field: FieldInfo): string {
  const lines = [`**${field.name}** (\`${field.id}\`) · ${field.kind}`];
  if (field.description) lines.push('', field.description);
  lines.push(
    '',
    field.personalData
      ? 'Carries **personal data**: it identifies people. Mapping it needs `personalData.exchange: true`.'
      : 'No personal data in its values.',
  );
  return lines.join('\n');
}

function fieldItem(field: FieldInfo, range: Range, newText: string): CompletionItem {
  return {
    label: field.id,
    kind: CompletionItemKind.Field,
    detail: fieldDetail(field),
    documentation: docs(fieldDocs(field)),
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText },
  };
}

function valueItem(
  value: unknown,
  context: ValueContext,
  range: Range,
  kind: CompletionItemKind,
  extra: Partial<CompletionItem> = {},
): CompletionItem {
  const text = yamlScalar(value);
  return {
    label: typeof value === 'string' ? value : text,
    kind,
    insertTextFormat: InsertTextFormat.PlainText,
    textEdit: { range, newText: context.needsSpace ? ` ${text}` : text },
    ...extra,
  };
}

function targetFieldIds(path: string[]): Side | undefined {
  if (path[0] !== 'fields') return undefined;
  if (path.length === 2 || (path.length === 3 && path[2] === 'target')) return 'target';
  return undefined;
}

function valueItems(
  context: ValueContext,
  text: ConfigText,
  line: number,
  catalogue: FieldCatalogue,
): CompletionItem[] {
  const range = rangeOf(line, context.replace);
  const path = context.path;
  if (targetFieldIds(path)) {
    const source = path[1]!;
    return catalogue.fields('target').map((field) => ({
      ...valueItem(field.id, context, range, CompletionItemKind.Field),
      detail: fieldDetail(field),
      documentation: docs(fieldDocs(field)),
      // The same field on the target is the usual mapping: offer it first.
      sortText: field.id === source ? `0${field.id}` : `1${field.id}`,
    }));
  }
  if (path.length === 2 && (path[0] === 'source' || path[0] === 'target') && path[1] === 'site') {
    return declaredSites(text).map((name) =>
      valueItem(name, context, range, CompletionItemKind.Reference, {
        detail: 'site declared under `sites`',
      }),
    );
  }
  if (path.length === 2 && (path[0] === 'issueTypes' || path[0] === 'statuses')) {
    const names = path[0] === 'issueTypes' ? catalogue.issueTypes('target') : catalogue.statuses('target');
    return names.map((name) =>
      valueItem(name, context, range, CompletionItemKind.Value, {
        detail: path[0] === 'issueTypes' ? 'target issue type' : 'target status',
      }),
    );
  }
  const view = schemaAt(path);
  if (!view) return [];
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const add = (value: unknown, kind: CompletionItemKind) => {
    if (value !== null && typeof value === 'object') return;
    const key = yamlScalar(value);
    if (seen.has(key)) return;
    seen.add(key);
    items.push(
      valueItem(value, context, range, kind, {
        documentation: docs(view.markdownDescription),
        sortText: `${items.length}`.padStart(3, '0'),
      }),
    );
  };
  for (const v of valueChoices(view)) add(v, CompletionItemKind.EnumMember);
  for (const v of view.examples) add(v, CompletionItemKind.Value);
  if (view.hasDefault) add(view.default, CompletionItemKind.Value);
  return items;
}

/** The completion items at a position. */
export function complete(
  text: ConfigText,
  position: Position,
  options: CompletionOptions = {},
): CompletionList {
  const catalogue = options.catalogue ?? systemFieldCatalogue;
  const context = cursorContext(text, position);
  const items =
    context.kind === 'key'
      ? keyItems(context, text, position.line, catalogue)
      : context.kind === 'value'
        ? valueItems(context, text, position.line, catalogue)
        : [];
  return { isIncomplete: false, items };
}
