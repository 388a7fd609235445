// Line-aware text edits on a config, for the quick fixes: remove a pair, insert lines with the indentation
// of their neighbours. Offsets come from the yaml package's node ranges.
import { isMap } from 'yaml';
import type { Node } from 'yaml';
import type { TextEdit } from 'vscode-languageserver-types';
import type { ConfigPath } from '../config/diagnostic';
import type { ConfigDocument } from '../config/document';

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just after the line break ending the line of `offset` (the text length on the last line). */
export function nextLineStart(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end + 1;
}

export function edit(doc: ConfigDocument, start: number, end: number, newText: string): TextEdit {
  return { range: doc.range(start, end), newText };
}

/** The column of a node (its offset minus its line start). */
export function columnOf(doc: ConfigDocument, node: Node): number {
  const start = node.range?.[0] ?? 0;
  return start - lineStart(doc.text, start);
}

/** The document's indentation step: the first nested block mapping's indent, else 2. */
export function indentUnit(doc: ConfigDocument): number {
  const root = doc.root;
  if (!isMap(root)) return 2;
  const rootColumn = root.items[0]?.key ? columnOf(doc, root.items[0].key as Node) : 0;
  for (const pair of root.items) {
    const value = pair.value as Node | null;
    if (isMap(value) && !value.flow && value.items[0]?.key) {
      const step = columnOf(doc, value.items[0].key as Node) - rootColumn;
      if (step > 0) return step;
    }
  }
  return 2;
}

/** Deletes a key/value pair: whole lines in a block mapping, the pair and one comma in a flow mapping. */
export function removePairEdit(doc: ConfigDocument, path: ConfigPath): TextEdit | undefined {
  const ref = doc.find(path);
  const key = ref?.key;
  if (!key?.range) return undefined;
  const text = doc.text;
  const start = key.range[0];
  const valueEnd = ref?.value?.range ? ref.value.range[1] : key.range[1];
  const first = lineStart(text, start);
  if (text.slice(first, start).trim() === '') {
    // Block style: the pair owns its lines, from its key's line to the line its value ends on.
    const last = valueEnd > start && text[valueEnd - 1] === '\n' ? valueEnd : nextLineStart(text, valueEnd);
    return edit(doc, first, last, '');
  }
  let end = valueEnd;
  let from = start;
  const after = /^\s*,\s*/.exec(text.slice(end));
  if (after) end += after[0].length;
  else {
    const before = /,\s*$/.exec(text.slice(0, start));
    if (before) from = start - before[0].length;
  }
  return edit(doc, from, end, '');
}
