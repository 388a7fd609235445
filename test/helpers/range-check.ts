// Checks that a diagnostic is well formed for an editor: a known code and severity, a message, and a
// range that lies inside the document's text (start before end, lines and characters that exist).
import type { Diagnostic } from 'vscode-languageserver-types';
import { DIAGNOSTIC_CODES } from '../../server/src/config/codes';

/** The problems of one diagnostic, or [] when it is well formed for `text`. */
export function diagnosticProblems(text: string, d: Diagnostic): string[] {
  const problems: string[] = [];
  const lines = text.split('\n');
  const { start, end } = d.range;
  const inside = (p: { line: number; character: number }) =>
    Number.isInteger(p.line) &&
    Number.isInteger(p.character) &&
    p.line >= 0 &&
    p.line < lines.length &&
    p.character >= 0 &&
    p.character <= (lines[p.line]?.length ?? -1);
  if (!inside(start)) problems.push(`start ${JSON.stringify(start)} is outside the text`);
  if (!inside(end)) problems.push(`end ${JSON.stringify(end)} is outside the text`);
  if (start.line > end.line || (start.line === end.line && start.character > end.character))
    problems.push('start is after end');
  if (!(DIAGNOSTIC_CODES as readonly unknown[]).includes(d.code))
    problems.push(`unknown code ${String(d.code)}`);
  if (d.source !== 'backbone-sync') problems.push(`source ${String(d.source)}`);
  if (!d.severity || d.severity < 1 || d.severity > 4) problems.push(`severity ${String(d.severity)}`);
  if (typeof d.message !== 'string' || d.message.trim() === '') problems.push('empty message');
  if (!d.codeDescription?.href.startsWith('file://')) problems.push('no file:// help link');
  return problems;
}
