// What the cursor is on for a hover: a key or a value, its path, and its columns, read from the text of the
// line (block or one-line flow mapping) so that it answers without waiting for a parse.
import type { Position } from 'vscode-languageserver-types';
import type { ConfigText } from './config-text';
import { scanFlow } from './flow';

export interface HoverTarget {
  /** The path of the key (for a value: the key it belongs to). */
  path: string[];
  part: 'key' | 'value';
  /** The key or value text, unquoted. */
  text: string;
  line: number;
  start: number;
  end: number;
}

function unquote(value: string): string {
  if (value.length >= 2 && value[0] === '"' && value.endsWith('"')) {
    try {
      return JSON.parse(value) as string;
    } catch {
      return value.slice(1, -1);
    }
  }
  if (value.length >= 2 && value[0] === "'" && value.endsWith("'"))
    return value.slice(1, -1).replace(/''/g, "'");
  return value;
}

/** The key or value under a position, or undefined on whitespace, comments and punctuation. */
export function hoverTargetAt(text: ConfigText, position: Position): HoverTarget | undefined {
  const lineIndex = position.line;
  if (lineIndex < 0 || lineIndex >= text.lineCount) return undefined;
  const facts = text.at(lineIndex);
  if (facts.key === undefined) return undefined;
  const column = position.character;
  const linePath = [...text.pathOf(text.ancestors(lineIndex, facts.indent)), facts.key];
  const at = (part: 'key' | 'value', path: string[], value: string, start: number, end: number) => ({
    path,
    part,
    text: value,
    line: lineIndex,
    start,
    end,
  });
  if (column >= facts.keyStart && column <= facts.keyEnd)
    return at('key', linePath, facts.key, facts.keyStart, facts.keyEnd);
  const start = facts.valueStart;
  const end = facts.valueEnd;
  if (start === undefined || end === undefined || column < start || column > end) return undefined;
  const line = text.line(lineIndex);
  if (line[start] === '{' || line[start] === '[') {
    for (const entry of scanFlow(line, start).entries) {
      const path = [...linePath, ...entry.parents];
      const { key, value } = entry;
      if (key && column >= key.start && column <= key.end)
        return at('key', [...path, key.text], key.text, key.start, key.end);
      if (value && column >= value.start && column <= value.end)
        return at('value', key ? [...path, key.text] : path, value.text, value.start, value.end);
    }
    return undefined;
  }
  return at('value', linePath, unquote(facts.value ?? ''), start, end);
}
