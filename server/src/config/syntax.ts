// Problems of the file itself: too large, not text, broken YAML, duplicate keys, more than one document.
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node, YAMLError } from 'yaml';
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
  if (doc.documents.length > 1) {
    diagnostics.push(
      makeDiagnostic(
        'multiple-documents',
        Severity.Error,
        doc.firstLine(),
        `This file holds ${doc.documents.length} YAML documents; a sync config is exactly one. Move each sync into a file of its own (only the first document is checked).`,
        { count: doc.documents.length },
      ),
    );
  }
  const first = doc.documents[0];
  let broken = false;
  for (const error of first?.errors ?? []) {
    broken = true;
    diagnostics.push(
      makeDiagnostic(
        'yaml-syntax',
        Severity.Error,
        doc.range(error.pos[0], error.pos[1]),
        yamlErrorMessage(error),
        {
          yamlCode: error.code,
        },
      ),
    );
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
