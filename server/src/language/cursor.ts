// Where the cursor is, in config terms: typing a key (and under which path) or a value (of which key), read
// from the text and indentation around it, so that it works on YAML as typed: `  summ`, `users:`, `{ site: `.
import type { Position } from 'vscode-languageserver-types';
import type { ConfigText } from './config-text';
import { scanFlow } from './flow';

/** The columns of the current line that a completion replaces. */
export interface Span {
  start: number;
  end: number;
}

export type CursorContext =
  | {
      kind: 'key';
      /** The path of the mapping the key goes into. */
      path: string[];
      /** Keys already present in that mapping (without the one being typed). */
      present: string[];
      /** The column of the key: where multi-line insertions are indented from. */
      indent: number;
      replace: Span;
      /** Inside `{ … }`: insert `key: value` on one line. */
      flow: boolean;
      /** The cursor is on an existing `key:`: replace the name only. */
      onExistingKey: boolean;
      emptyDocument: boolean;
    }
  | {
      kind: 'value';
      /** The path of the key whose value is typed. */
      path: string[];
      replace: Span;
      /** Right after `key:` with no space: insertions start with a space. */
      needsSpace: boolean;
      flow: boolean;
    }
  | { kind: 'none' };

const NONE: CursorContext = { kind: 'none' };

function wordEnd(line: string, from: number): number {
  let i = from;
  while (i < line.length && !/[\s:,{}[\]#]/.test(line[i]!)) i++;
  return i;
}

/** The sibling keys of the mapping a key at `line` belongs to, given its enclosing key lines. */
function presentKeys(text: ConfigText, ancestors: number[], line: number): string[] {
  const parent = ancestors.length ? ancestors[ancestors.length - 1]! : -1;
  const out: string[] = [];
  for (const i of text.childLines(parent)) {
    if (i === line) continue;
    const key = text.at(i).key;
    if (key !== undefined) out.push(key);
  }
  // A parent written as a flow mapping (`auth: { email: x }`) keeps its keys on its own line.
  if (parent >= 0) {
    const f = text.at(parent);
    if (f.valueStart !== undefined && text.line(parent)[f.valueStart] === '{') {
      for (const e of scanFlow(text.line(parent), f.valueStart).entries)
        if (e.parents.length === 0 && e.key) out.push(e.key.text);
    }
  }
  return out;
}

/** The completion context at a position. */
export function cursorContext(text: ConfigText, position: Position): CursorContext {
  const lineIndex = position.line;
  if (lineIndex < 0 || lineIndex >= text.lineCount) return NONE;
  const line = text.line(lineIndex);
  const column = Math.min(position.character, line.length);
  const before = line.slice(0, column);
  const facts = text.at(lineIndex);
  if (facts.comment && column > facts.indent) return NONE;
  if (/(^|\s)#/.test(before) && !/["']/.test(before)) return NONE;

  if (text.isEmptyDocument()) {
    return {
      kind: 'key',
      path: [],
      present: [],
      indent: 0,
      replace: { start: facts.blank ? column : facts.indent, end: wordEnd(line, column) },
      flow: false,
      onExistingKey: false,
      emptyDocument: true,
    };
  }

  // Block scalars (`jql: >`) hold free text on the following lines.
  const ancestors = text.ancestors(lineIndex, facts.blank ? column : facts.indent);
  for (const a of ancestors) {
    const v = text.at(a).value;
    if (v !== undefined && /^[|>]/.test(v)) return NONE;
  }
  const parentPath = text.pathOf(ancestors);

  if (facts.key !== undefined && facts.colon !== undefined && column > facts.colon) {
    const linePath = [...parentPath, facts.key];
    const valueStart = facts.valueStart;
    if (valueStart !== undefined && /^[{[]/.test(line.slice(valueStart)) && column > valueStart) {
      const at = scanFlow(line, valueStart, column).at;
      if (!at) return NONE;
      const end = wordEnd(line, column);
      if (at.position === 'key') {
        return {
          kind: 'key',
          path: [...linePath, ...at.parents],
          present: at.present,
          indent: facts.indent,
          replace: { start: at.wordStart, end },
          flow: true,
          onExistingKey: /^[ \t]*:/.test(line.slice(end)),
          emptyDocument: false,
        };
      }
      if (at.key === undefined) return NONE;
      return {
        kind: 'value',
        path: [...linePath, ...at.parents, at.key],
        replace: { start: at.wordStart, end: Math.max(end, column) },
        needsSpace: line[column - 1] === ':',
        flow: true,
      };
    }
    if (valueStart !== undefined && /^[|>]/.test(line.slice(valueStart))) return NONE;
    const inValue = valueStart !== undefined && column >= valueStart;
    return {
      kind: 'value',
      path: linePath,
      replace: inValue
        ? { start: valueStart, end: Math.max(column, facts.valueEnd ?? column) }
        : { start: column, end: column },
      needsSpace: line[column - 1] === ':',
      flow: false,
    };
  }

  // Key position: a blank line, a half-typed key, or the name of an existing key.
  const start = facts.blank ? column : facts.indent;
  return {
    kind: 'key',
    path: parentPath,
    present: presentKeys(text, ancestors, lineIndex),
    indent: start,
    replace: { start, end: facts.key !== undefined ? facts.keyEnd : wordEnd(line, column) },
    flow: false,
    onExistingKey: facts.key !== undefined,
    emptyDocument: false,
  };
}
