// Inline YAML with range markers, for tests that assert whole diagnostics: `[[` and `]]` surround the
// expected range and are removed from the text. Several marked spans give several ranges, in order.
// In `[[[a, b]]]` the marker is the outer pair: a `]]` closes only where no third `]` follows.
import type { Range } from 'vscode-languageserver-types';

export interface MarkedYaml {
  /** The YAML without its markers. */
  text: string;
  /** The marked ranges, 0-based LSP positions, in the order they appear. */
  ranges: Range[];
  /** The first marked range (throws in `marked()` when there is none). */
  range: Range;
}

/** Strips the `[[…]]` markers from `source` and returns the text and the marked ranges. */
export function marked(source: string): MarkedYaml {
  let text = '';
  let line = 0;
  let character = 0;
  let open: { line: number; character: number } | undefined;
  const ranges: Range[] = [];
  for (let i = 0; i < source.length; i++) {
    if (source.startsWith('[[', i) && !open) {
      open = { line, character };
      i++;
      continue;
    }
    if (source.startsWith(']]', i) && source[i + 2] !== ']' && open) {
      ranges.push({ start: open, end: { line, character } });
      open = undefined;
      i++;
      continue;
    }
    const ch = source[i]!;
    text += ch;
    if (ch === '\n') {
      line++;
      character = 0;
    } else {
      character++;
    }
  }
  if (open) throw new Error('marked(): a `[[` has no closing `]]`');
  const first = ranges[0];
  if (!first) throw new Error('marked(): no `[[…]]` range in the text');
  return { text, ranges, range: first };
}

/** The range of the whole first line of `text` (where problems of the whole document go). */
export function firstLineRange(text: string): Range {
  const end = text.indexOf('\n');
  return { start: { line: 0, character: 0 }, end: { line: 0, character: end === -1 ? text.length : end } };
}
