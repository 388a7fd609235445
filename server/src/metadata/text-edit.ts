// What changed between two versions of a document, as one edited span (everything between their common
// prefix and common suffix), so a range of the previous version can be kept without computing it again when
// the text around it is unchanged and still on the same lines and columns.

/** The common prefix and suffix of two versions, and what the edit between them did to lines. */
export interface TextEdit {
  /** Offsets below this are the same text in both versions. */
  prefix: number;
  /** Offsets from this on (in the new version) are the same text as `offset - delta` in the old one. */
  suffixStart: number;
  /** New length minus old length. */
  delta: number;
  /** Lines added (negative: removed) by the edit. */
  lineDelta: number;
  /** The first line break of the common suffix (new version), -1 without one: after it, columns are unchanged. */
  firstSuffixBreak: number;
}

const CHUNK = 2048;

function prefixLength(a: string, b: string, max: number): number {
  let at = 0;
  // Whole chunks compare natively (far faster than a loop over characters on a 5,000-line config).
  while (at + CHUNK <= max && a.slice(at, at + CHUNK) === b.slice(at, at + CHUNK)) at += CHUNK;
  while (at < max && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

function suffixLength(a: string, b: string, max: number): number {
  let n = 0;
  while (
    n + CHUNK <= max &&
    a.slice(a.length - n - CHUNK, a.length - n) === b.slice(b.length - n - CHUNK, b.length - n)
  )
    n += CHUNK;
  while (n < max && a.charCodeAt(a.length - n - 1) === b.charCodeAt(b.length - n - 1)) n++;
  return n;
}

function lineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** The edit that turns `before` into `after`. */
export function textEdit(before: string, after: string): TextEdit {
  const shorter = Math.min(before.length, after.length);
  const prefix = before === after ? shorter : prefixLength(before, after, shorter);
  const suffix = suffixLength(before, after, shorter - prefix);
  const suffixStart = after.length - suffix;
  return {
    prefix,
    suffixStart,
    delta: after.length - before.length,
    lineDelta: lineBreaks(after, prefix, suffixStart) - lineBreaks(before, prefix, before.length - suffix),
    firstSuffixBreak: suffix === 0 ? -1 : after.indexOf('\n', suffixStart),
  };
}

/**
 * Whether the text span [start, end) of the new version is the span [oldStart, oldEnd) of the old version at the
 * same lines and columns (so its range is the old range).
 */
export function keepsPosition(
  edit: TextEdit,
  start: number,
  end: number,
  oldStart: number,
  oldEnd: number,
): boolean {
  if (end <= edit.prefix) return start === oldStart && end === oldEnd;
  return (
    edit.lineDelta === 0 &&
    edit.firstSuffixBreak !== -1 &&
    start > edit.firstSuffixBreak &&
    start - edit.delta === oldStart &&
    end - edit.delta === oldEnd
  );
}

/**
 * A copy of a string parsed from a document. A parsed string is a slice of the whole text and keeps it alive:
 * whatever outlives its version (records, verdict caches, their messages) must not keep one text (300 KB at 5k
 * lines) per edit.
 */
export function ownCopy(text: string): string {
  return ` ${text}`.slice(1); // the concatenation is flattened into a new string, which the slice points into
}
