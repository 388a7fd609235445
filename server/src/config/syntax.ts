// Problems of the file itself: too large, not text, broken YAML, duplicate keys, more than one document.
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node, YAMLError } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import type { ConfigDocument } from './document';
import { MAX_CONFIG_BYTES, keyText } from './document';
import type { ConfigDiagnostic } from './diagnostic';
import { Severity, makeDiagnostic } from './diagnostic';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Friendlier words for the yaml package's most common errors; others keep its own first line. */
const YAML_MESSAGES: Record<string, string> = {
  TAB_AS_INDENT: 'Tabs are not allowed for indentation in YAML. Indent with spaces.',
  BAD_INDENT: '',
  DUPLICATE_KEY: '',
  MISSING_CHAR: '',
  UNEXPECTED_TOKEN: '',
};

function yamlErrorMessage(error: YAMLError): string {
  const own = YAML_MESSAGES[error.code];
  const first = error.message.split('\n')[0] ?? error.message;
  const text = own || first.replace(/ at line \d+, column \d+:?$/, '');
  return `Broken YAML: ${text.endsWith('.') ? text : `${text}.`}`;
}

const LONE_CR = /\r(?!\n)/;

/** Documents in the file, not counting empty ones at its end (a trailing `---` is harmless). */
function documentCount(doc: ConfigDocument): number {
  let count = doc.documents.length;
  while (count > 1) {
    const last = doc.documents[count - 1];
    // An empty document parses as a null scalar with no source text.
    const empty =
      last?.contents === null ||
      (isScalar(last?.contents) && last.contents.value === null && !last.contents.source);
    if (!last || !empty || last.errors.length > 0) break;
    count--;
  }
  return count;
}

/**
 * Where and how to report a yaml error. A quote that is never closed is reported where the value opens, not
 * where the parser ran out of text (often the end of the file).
 */
function placeError(doc: ConfigDocument, error: YAMLError): [Range, string] {
  if (error.code === 'MISSING_CHAR' && /quote/.test(error.message)) {
    const open = unclosedQuoteAt(doc, error.pos[0]);
    if (open !== undefined) {
      const quote = doc.text[open] as string;
      const lineEnd = doc.text.slice(open).search(/\r?\n|$/) + open;
      return [
        doc.range(open, lineEnd),
        `Broken YAML: this value opens with ${quote} but never closes it, so the rest of the file is read as part of it. Add the closing ${quote} where the value ends.`,
      ];
    }
  }
  return [doc.range(error.pos[0], error.pos[1]), yamlErrorMessage(error)];
}

/** The offset of the opening quote of the quoted scalar that ends at `end` (where the parser gave up). */
function unclosedQuoteAt(doc: ConfigDocument, end: number): number | undefined {
  let found: number | undefined;
  const visit = (node: unknown): void => {
    if (found !== undefined) return;
    if (isScalar(node)) {
      const [start, valueEnd] = node.range ?? [0, 0];
      if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && valueEnd >= end && start < end)
        found = start;
    } else if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          visit(item.key);
          visit(item.value);
        } else visit(item);
      }
    }
  };
  visit(doc.documents[0]?.contents);
  return found;
}

/** The diagnostics of the file as text and YAML; `stop` says whether the content can be validated further. */
export function checkSyntax(doc: ConfigDocument): { diagnostics: ConfigDiagnostic[]; stop: boolean } {
  const diagnostics: ConfigDiagnostic[] = [];
  if (doc.tooLarge) {
    const kb = Math.round(Buffer.byteLength(doc.text, 'utf8') / 1024);
    diagnostics.push(
      makeDiagnostic(
        'file-too-large',
        Severity.Error,
        doc.firstLine(),
        `This file is ${kb} KB; configs over ${MAX_CONFIG_BYTES / 1024} KB are not validated. Split it into one file per sync.`,
      ),
    );
    return { diagnostics, stop: true };
  }
  const control = CONTROL_CHARACTER.exec(doc.text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    diagnostics.push(
      makeDiagnostic(
        'yaml-syntax',
        Severity.Error,
        doc.range(control.index, control.index + 1),
        `This file contains the control character U+${code}: it is not a text YAML file. Remove it, or check that you opened the right file.`,
      ),
    );
    return { diagnostics, stop: true };
  }
  const loneCr = LONE_CR.exec(doc.text);
  if (loneCr) {
    // The yaml package reads a lone CR as part of the line, so every error after it would be nonsense.
    diagnostics.push(
      makeDiagnostic(
        'yaml-syntax',
        Severity.Error,
        doc.range(loneCr.index, loneCr.index + 1),
        'This line ends with a lone carriage return (CR, old Mac line endings), which YAML does not read as a line break. Save the file with LF or CRLF line endings.',
        { yamlCode: 'LONE_CR' },
      ),
    );
    return { diagnostics, stop: true };
  }
  const documents = documentCount(doc);
  if (documents > 1) {
    diagnostics.push(
      makeDiagnostic(
        'multiple-documents',
        Severity.Error,
        doc.firstLine(),
        `This file holds ${documents} YAML documents; a sync config is exactly one. Move each sync into a file of its own (only the first document is checked).`,
        { count: documents },
      ),
    );
  }
  const first = doc.documents[0];
  let broken = false;
  for (const error of first?.errors ?? []) {
    broken = true;
    const [range, message] = placeError(doc, error);
    diagnostics.push(makeDiagnostic('yaml-syntax', Severity.Error, range, message, { yamlCode: error.code }));
  }
  const { duplicates, aliasProblems, firstAlias } = walk(doc);
  diagnostics.push(...duplicates, ...aliasProblems);
  if (aliasProblems.length > 0) broken = true;
  else if (!broken && doc.root !== null && doc.value === undefined && firstAlias) {
    // toJS() gave up: aliases that expand into too many nodes (a "billion laughs" file).
    broken = true;
    diagnostics.push(
      makeDiagnostic(
        'yaml-syntax',
        Severity.Error,
        doc.nodeRange(firstAlias),
        'Broken YAML: the aliases (`*name`) in this file expand into too many values. Write the values out instead of repeating aliases.',
        { yamlCode: 'ALIAS_EXPANSION' },
      ),
    );
  }
  return { diagnostics, stop: broken };
}

/**
 * One pass over the first document: every key that repeats an earlier key of the same mapping, reported on
 * each repeat (DESIGN.md §5), and every alias whose anchor is not defined before it.
 */
function walk(doc: ConfigDocument): {
  duplicates: ConfigDiagnostic[];
  aliasProblems: ConfigDiagnostic[];
  firstAlias: Node | undefined;
} {
  const out: ConfigDiagnostic[] = [];
  const aliasProblems: ConfigDiagnostic[] = [];
  let firstAlias: Node | undefined;
  const root = doc.documents[0];
  if (!root) return { duplicates: out, aliasProblems, firstAlias };
  const anchors = new Set<string>();
  // A direct recursive walk in document order (keys before values): the yaml package's generic `visit`
  // was a tenth of the validation time of a large file.
  const walkNode = (node: unknown): void => {
    if (isAlias(node)) {
      firstAlias ??= node;
      if (anchors.has(node.source)) return;
      const [start, end] = node.range ?? [0, 0];
      aliasProblems.push(
        makeDiagnostic(
          'yaml-syntax',
          Severity.Error,
          doc.range(start, end),
          `Broken YAML: the alias \`*${node.source}\` refers to no anchor \`&${node.source}\` defined before it.`,
          { yamlCode: 'UNRESOLVED_ALIAS' },
        ),
      );
      return;
    }
    if (isScalar(node)) {
      if (node.anchor) anchors.add(node.anchor);
      return;
    }
    if (isSeq(node)) {
      if (node.anchor) anchors.add(node.anchor);
      for (const item of node.items) walkNode(item);
      return;
    }
    if (!isMap(node)) return;
    if (node.anchor) anchors.add(node.anchor);
    const seen = node.items.length < 2 ? undefined : new Map<string, number>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      walkNode(pair.key);
      walkNode(pair.value);
      if (!seen) continue;
      const key = keyText(pair.key);
      if (key === undefined || !pair.key || typeof pair.key !== 'object' || !('range' in pair.key)) continue;
      const keyNode = pair.key as { range?: [number, number, number] };
      const start = keyNode.range?.[0] ?? 0;
      const firstStart = seen.get(key);
      if (firstStart === undefined) {
        seen.set(key, start);
        continue;
      }
      const firstLine = doc.positionAt(firstStart).line + 1;
      out.push(
        makeDiagnostic(
          'yaml-syntax',
          Severity.Error,
          doc.range(start, keyNode.range?.[1] ?? start),
          `Duplicate key \`${key}\`: it is already defined on line ${firstLine}. Remove one of them.`,
          { duplicateKey: key, firstLine },
        ),
      );
    }
  };
  walkNode(root.contents);
  return { duplicates: out, aliasProblems, firstAlias };
}
