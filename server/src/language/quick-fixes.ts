// The quick fixes of the config diagnostics, each read from the diagnostic's `data` (never its message):
// replace with a suggestion (did-you-mean key, allowed value, declared site), add a missing key, replace a
// literal token with `${env:NAME}`, remove a mapping.
import { isMap, isScalar } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import { CodeActionKind } from 'vscode-languageserver-types';
import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import type { ConfigDiagnostic, ConfigPath } from '../config/diagnostic';
import type { ConfigDocument } from '../config/document';
import { columnOf, edit, indentUnit, removePairEdit } from '../personal-data/text-edits';
import { declaredSites, yamlScalar } from './completion';
import { ConfigText } from './config-text';
import { isObjectView, schemaAt } from './schema-nav';

export function quickFix(
  title: string,
  diagnostic: ConfigDiagnostic,
  uri: string,
  edits: TextEdit[],
  isPreferred = false,
): CodeAction {
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: isPreferred || undefined,
    edit: { changes: { [uri]: edits } },
  };
}

/** The replacement text for a scalar node, keeping its quoting style. */
function replacementFor(doc: ConfigDocument, node: Node, value: string): string {
  const first = node.range ? doc.text[node.range[0]] : undefined;
  if (first === '"') return JSON.stringify(value);
  if (first === "'") return `'${value.replace(/'/g, "''")}'`;
  return yamlScalar(value);
}

/** "Replace with `x`" for each suggestion, on the key (unknown keys, unknown source fields) or on the value. */
function replaceWithSuggestions(doc: ConfigDocument, d: ConfigDiagnostic, uri: string): CodeAction[] {
  const { path, suggestions } = d.data;
  if (!path || !Array.isArray(suggestions) || suggestions.length === 0) return [];
  const ref = doc.find(path);
  const onKey = d.data.unknownKey !== undefined || (d.code === 'unknown-field' && d.data.side === 'source');
  const node = onKey ? ref?.key : ref?.value;
  if (!node?.range || !isScalar(node)) return [];
  const [start, end] = node.range;
  return suggestions
    .slice(0, 3)
    .map((s, i) =>
      quickFix(
        `Replace with \`${s}\``,
        d,
        uri,
        [edit(doc, start, end, replacementFor(doc, node, s))],
        i === 0,
      ),
    );
}

/** The YAML lines (relative to column 0) for a key added with a sensible value from the schema. */
function newKeyLines(doc: ConfigDocument, path: ConfigPath, key: string, unit: number): string[] {
  if (path.length === 0 && key === 'fields') return ['fields:', `${' '.repeat(unit)}summary: summary`];
  if (path.length === 1 && path[0] === 'fields') return [`${yamlScalar(key)}: ${yamlScalar(key)}`];
  const view = schemaAt([...path.map(String), key]);
  const sites = declaredSites(new ConfigText(doc.uri, doc.version, doc.text));
  const valueFor = (name: string, p: string[]): string => {
    const v = schemaAt(p);
    if (!v) return '';
    if (name === 'site' && sites[0]) return yamlScalar(sites[0]);
    const first = v.enumValues[0] ?? v.examples.find((e) => e === null || typeof e !== 'object');
    return first === undefined ? '' : yamlScalar(first);
  };
  if (view && isObjectView(view) && !view.types.includes('string')) {
    const lines = [`${yamlScalar(key)}:`];
    for (const child of view.required)
      lines.push(
        `${' '.repeat(unit)}${child}: ${valueFor(child, [...path.map(String), key, child])}`.trimEnd(),
      );
    return lines;
  }
  return [`${yamlScalar(key)}: ${valueFor(key, [...path.map(String), key])}`.trimEnd()];
}

/** "Add `key`": inserts the missing key into the mapping at `data.path` (block or flow), or at the end. */
function addMissingKey(doc: ConfigDocument, d: ConfigDiagnostic, uri: string): CodeAction[] {
  const { path, missingKey } = d.data;
  if (!path || typeof missingKey !== 'string') return [];
  const unit = indentUnit(doc);
  const text = doc.text;
  const lines = newKeyLines(doc, path, missingKey, unit);
  const title = `Add \`${missingKey}\``;
  if (path.length === 0) {
    const prefix = text === '' || text.endsWith('\n') ? '' : '\n';
    return [
      quickFix(title, d, uri, [edit(doc, text.length, text.length, `${prefix}${lines.join('\n')}\n`)], true),
    ];
  }
  const ref = doc.find(path);
  const value = doc.resolve(ref?.value);
  const key = ref?.key;
  if (isMap(value) && (value as YAMLMap).flow) {
    if (lines.length > 1 || !value.range) return [];
    const close = text.lastIndexOf('}', value.range[1]);
    let at = close;
    while (at > 0 && text[at - 1] === ' ') at--;
    const sep = value.items.length > 0 ? ', ' : ' ';
    return [
      quickFix(
        title,
        d,
        uri,
        [edit(doc, at, at, `${sep}${lines[0]}${value.items.length > 0 ? '' : ' '}`)],
        true,
      ),
    ];
  }
  if (isMap(value) && value.items[0]?.key) {
    const first = value.items[0].key as Node;
    const column = columnOf(doc, first);
    const last = value.items[value.items.length - 1]!;
    let end = (last.value as Node | null)?.range?.[1] ?? (last.key as Node | null)?.range?.[1] ?? 0;
    while (end > 0 && /\s/.test(text[end - 1] ?? '')) end--;
    const lineEnd = text.indexOf('\n', end);
    const at = lineEnd === -1 ? text.length : lineEnd;
    const body = lines.map((l) => ' '.repeat(column) + l).join('\n');
    return [quickFix(title, d, uri, [edit(doc, at, at, `\n${body}`)], true)];
  }
  if (key?.range && (value === null || (isScalar(value) && value.value === null))) {
    // `source:` with nothing under it yet.
    const column = columnOf(doc, key);
    const colon = text.indexOf(':', key.range[1]);
    const body = lines.map((l) => ' '.repeat(column + unit) + l).join('\n');
    return [quickFix(title, d, uri, [edit(doc, colon + 1, colon + 1, `\n${body}`)], true)];
  }
  return [];
}

/** Replaces a literal token with `"${env:NAME}"`. */
function useEnvironmentReference(doc: ConfigDocument, d: ConfigDiagnostic, uri: string): CodeAction[] {
  const { path, envName } = d.data;
  if (!path || typeof envName !== 'string') return [];
  const node = doc.find(path)?.value;
  if (!node?.range) return [];
  return [
    quickFix(
      `Replace the token with \`\${env:${envName}}\``,
      d,
      uri,
      [edit(doc, node.range[0], node.range[1], `"\${env:${envName}}"`)],
      true,
    ),
  ];
}

/** Removes the mapping of `data.sourceField` under `fields`. */
function removeMapping(doc: ConfigDocument, d: ConfigDiagnostic, uri: string): CodeAction[] {
  const source = d.data.sourceField;
  if (typeof source !== 'string') return [];
  const remove = removePairEdit(doc, ['fields', source]);
  return remove ? [quickFix(`Remove the mapping of \`${source}\``, d, uri, [remove])] : [];
}

/** Removes an unused suppression: the code from the comment, or the whole comment line when it was the last. */
function removeSuppression(doc: ConfigDocument, d: ConfigDiagnostic, uri: string): CodeAction[] {
  const code = d.data.suppressedCode;
  if (typeof code !== 'string') return [];
  const line = d.range.start.line;
  const lineText = doc.text.split('\n')[line] ?? '';
  const match = /^(\s*#\s*backbone-sync-disable-next-line\s+)(.*)$/.exec(lineText.replace(/\r$/, ''));
  if (!match) return [];
  const [list] = match[2]!.split(/(?=\s(?:--|#))/);
  const codes = (list ?? '').split(/[\s,]+/).filter(Boolean);
  const rest = codes.filter((c) => c !== code);
  const lineStartOffset = offsetOfLine(doc.text, line);
  if (rest.length === 0) {
    const next = doc.text.indexOf('\n', lineStartOffset);
    const end = next === -1 ? doc.text.length : next + 1;
    return [quickFix('Remove this unused suppression', d, uri, [edit(doc, lineStartOffset, end, '')], true)];
  }
  const from = lineStartOffset + match[1]!.length;
  const to = from + (list ?? '').trimEnd().length;
  return [
    quickFix(
      `Remove \`${code}\` from this suppression`,
      d,
      uri,
      [edit(doc, from, to, rest.join(', '))],
      true,
    ),
  ];
}

function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset;
}

/** The built-in quick fixes for one diagnostic (the personal-data codes have their own provider). */
export function configQuickFixes(doc: ConfigDocument, d: ConfigDiagnostic, uri: string): CodeAction[] {
  switch (d.code) {
    case 'inline-secret':
      return useEnvironmentReference(doc, d, uri);
    case 'unused-suppression':
      return removeSuppression(doc, d, uri);
    case 'unknown-field':
    case 'duplicate-target':
      return [...replaceWithSuggestions(doc, d, uri), ...removeMapping(doc, d, uri)];
    default:
      return [...replaceWithSuggestions(doc, d, uri), ...addMissingKey(doc, d, uri)];
  }
}
