// `# backbone-sync-disable-next-line CODE[, CODE]` (DESIGN.md §5): silences those codes on the next line
// (stacked suppression comments all apply to the first line below them that is not one). A reason may
// follow the codes after ` -- ` or ` # `. Diagnostics with
// `data.unsuppressible` (the error forms of `personal-data-field` and `inline-secret`) stay. A code that
// silences nothing is reported as `unused-suppression` (hint) on that code, with `data.suppressedCode` for
// the quick fix that removes it.
import { DIAGNOSTIC_CODES } from './codes';
import type { ConfigDocument } from './document';
import type { ConfigDiagnostic } from './diagnostic';
import { Severity, makeDiagnostic } from './diagnostic';

const MARKER = /^(\s*#\s*backbone-sync-disable-next-line)(?=\s|$)(.*)$/;
const KNOWN = new Set<string>(DIAGNOSTIC_CODES);

export interface Suppression {
  /** The 0-based line of the comment. */
  line: number;
  /** The line it silences. */
  target: number;
  code: string;
  start: number;
  end: number;
}

/** The suppression comments of a text, one entry per code. */
export function findSuppressions(text: string): Suppression[] {
  if (!text.includes('backbone-sync-disable-next-line')) return [];
  const lines = text.split('\n');
  const out: Suppression[] = [];
  let pending: Suppression[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    const match = MARKER.exec(line);
    if (match) {
      const listStart = match[1]!.length;
      // The list ends at a reason: `-- why` or `# why`.
      const list = match[2]!.split(/\s(?:--|#)/)[0]!;
      for (const m of list.matchAll(/[^\s,]+/g)) {
        const start = listStart + (m.index ?? 0);
        pending.push({ line: i, target: -1, code: m[0], start, end: start + m[0].length });
      }
      continue;
    }
    for (const s of pending) out.push({ ...s, target: i });
    pending = [];
  }
  // Suppressions at the end of the file silence nothing.
  out.push(...pending);
  return out;
}

/** Removes the diagnostics silenced by suppression comments and reports unused suppressions. */
export function applySuppressions(doc: ConfigDocument, diagnostics: ConfigDiagnostic[]): ConfigDiagnostic[] {
  const suppressions = findSuppressions(doc.text);
  if (suppressions.length === 0) return diagnostics;
  const used = new Set<Suppression>();
  const kept = diagnostics.filter((d) => {
    const matching = suppressions.filter((s) => s.target === d.range.start.line && s.code === d.code);
    if (matching.length === 0 || d.data.unsuppressible === true) return true;
    for (const s of matching) used.add(s);
    return false;
  });
  for (const s of suppressions) {
    if (used.has(s)) continue;
    const silencedOnly = diagnostics.some(
      (d) => d.code === s.code && d.range.start.line === s.target && d.data.unsuppressible === true,
    );
    const message = !KNOWN.has(s.code)
      ? `\`${s.code}\` is not a Backbone Sync diagnostic code, so this suppression silences nothing. Check the spelling (see docs/diagnostics.md) or remove it.`
      : silencedOnly
        ? `\`${s.code}\` cannot be silenced here: this problem must be fixed. Remove the suppression.`
        : `Nothing to silence: the next line has no \`${s.code}\` problem. Remove the suppression.`;
    kept.push(
      makeDiagnostic(
        'unused-suppression',
        Severity.Hint,
        { start: { line: s.line, character: s.start }, end: { line: s.line, character: s.end } },
        message,
        { suppressedCode: s.code, path: [] },
      ),
    );
  }
  return kept;
}
