// Folding ranges: every key whose value spans several lines (sites, each site, fields, each object
// mapping, correlate maps…) and runs of comment lines.
import { isMap, isPair, isSeq, visit } from 'yaml';
import type { Node } from 'yaml';
import { FoldingRangeKind } from 'vscode-languageserver-types';
import type { FoldingRange } from 'vscode-languageserver-types';
import type { ConfigDocument } from '../config/document';

/** The folding ranges of a config, from the parse of this version. */
export function foldingRanges(doc: ConfigDocument): FoldingRange[] {
  const out: FoldingRange[] = [];
  const first = doc.documents[0];
  if (first) {
    visit(first, {
      Pair(_, pair) {
        if (!isPair(pair)) return;
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (!key?.range || !value?.range || !(isMap(value) || isSeq(value))) return;
        let end = value.range[1];
        while (end > key.range[0] && /\s/.test(doc.text[end - 1] ?? '')) end--;
        const startLine = doc.positionAt(key.range[0]).line;
        const endLine = doc.positionAt(end).line;
        if (endLine > startLine) out.push({ startLine, endLine });
      },
    });
  }
  // Runs of two or more comment lines.
  const lines = doc.text.split('\n');
  let runStart = -1;
  for (let i = 0; i <= lines.length; i++) {
    const isComment = i < lines.length && /^\s*#/.test(lines[i]!);
    if (isComment && runStart < 0) runStart = i;
    if (!isComment && runStart >= 0) {
      if (i - 1 > runStart) out.push({ startLine: runStart, endLine: i - 1, kind: FoldingRangeKind.Comment });
      runStart = -1;
    }
  }
  return out.sort((a, b) => a.startLine - b.startLine);
}
