// A tolerant scanner for flow mappings written on one line (`source: { site: support, project: SUP }`), as
// typed: unclosed braces and half-typed keys are fine. Completion and hover use it to find the key path and
// the token under the cursor inside `{ … }`.

/** A scalar token of the line: its text (unquoted) and columns. */
export interface FlowToken {
  text: string;
  start: number;
  end: number;
}

/** One `key: value` entry of a flow mapping, with the keys of the flow mappings that enclose it. */
export interface FlowEntry {
  parents: string[];
  key?: FlowToken;
  value?: FlowToken;
  /** The value is itself a flow mapping or list. */
  nested?: boolean;
}

/** Where a column falls inside the flow mappings of a line. */
export interface FlowCursor {
  /** Keys of the enclosing flow mappings, relative to the line's own key. */
  parents: string[];
  /** In key position (after `{` or `,`) or value position (after `key:`). */
  position: 'key' | 'value';
  /** The key whose value is being typed (value position). */
  key?: string;
  /** Where the word being typed starts. */
  wordStart: number;
  /** Keys already written in the same flow mapping. */
  present: string[];
}

interface Frame {
  parents: string[];
  kind: 'map' | 'seq';
  expecting: 'key' | 'value';
  key?: FlowToken;
}

function readQuoted(line: string, start: number): FlowToken {
  const quote = line[start]!;
  let i = start + 1;
  let text = '';
  while (i < line.length && line[i] !== quote) {
    if (quote === '"' && line[i] === '\\' && i + 1 < line.length) {
      text += line[i + 1];
      i += 2;
      continue;
    }
    if (quote === "'" && line[i] === "'" && line[i + 1] === "'") {
      text += "'";
      i += 2;
      continue;
    }
    text += line[i];
    i++;
  }
  return { text, start, end: Math.min(line.length, i + 1) };
}

function readPlain(line: string, start: number, inKey: boolean): FlowToken {
  let i = start;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ',' || c === '}' || c === ']' || c === '{' || c === '[') break;
    if (c === ':' && (inKey || i + 1 === line.length || /[\s,}\]]/.test(line[i + 1]!))) break;
    if (c === '#' && (line[i - 1] === ' ' || line[i - 1] === '\t')) break;
    i++;
  }
  let end = i;
  while (end > start && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  return { text: line.slice(start, end), start, end };
}

/**
 * Scans the flow collection that starts at column `from` (a `{` or `[`) and returns its entries; when `cursor`
 * is given, also where that column falls.
 */
export function scanFlow(
  line: string,
  from: number,
  cursor?: number,
): { entries: FlowEntry[]; at?: FlowCursor; end: number } {
  const entries: FlowEntry[] = [];
  const stack: Frame[] = [];
  let at: FlowCursor | undefined;
  let i = from;
  const note = (frame: Frame, wordStart: number) => {
    if (at || cursor === undefined) return;
    at = {
      parents: frame.parents,
      position: frame.kind === 'seq' ? 'value' : frame.expecting,
      key: frame.expecting === 'value' ? frame.key?.text : undefined,
      wordStart,
      present: [],
    };
  };
  while (i < line.length) {
    const c = line[i]!;
    const frame = stack[stack.length - 1];
    if (cursor !== undefined && i >= cursor && frame) note(frame, cursor);
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#' && (line[i - 1] === ' ' || line[i - 1] === '\t')) break;
    if (c === '{' || c === '[') {
      const parents = frame
        ? frame.expecting === 'value' && frame.key
          ? [...frame.parents, frame.key.text]
          : frame.parents
        : [];
      if (frame && frame.kind === 'map' && frame.expecting === 'value') {
        entries.push({ parents: frame.parents, key: frame.key, nested: true });
        frame.key = undefined;
        frame.expecting = 'key';
      }
      stack.push({ parents, kind: c === '{' ? 'map' : 'seq', expecting: c === '{' ? 'key' : 'value' });
      i++;
      continue;
    }
    if (!frame) break;
    if (c === '}' || c === ']') {
      if (frame.kind === 'map' && frame.key) entries.push({ parents: frame.parents, key: frame.key });
      stack.pop();
      i++;
      if (stack.length === 0) break;
      continue;
    }
    if (c === ',') {
      if (frame.kind === 'map' && frame.key && frame.expecting === 'value')
        entries.push({ parents: frame.parents, key: frame.key });
      frame.expecting = frame.kind === 'map' ? 'key' : 'value';
      frame.key = undefined;
      i++;
      continue;
    }
    if (c === ':' && frame.kind === 'map') {
      frame.expecting = 'value';
      i++;
      continue;
    }
    const token =
      c === '"' || c === "'"
        ? readQuoted(line, i)
        : readPlain(line, i, frame.kind === 'map' && frame.expecting === 'key');
    if (cursor !== undefined && !at && cursor >= token.start && cursor <= token.end) note(frame, token.start);
    if (frame.kind === 'map' && frame.expecting === 'key') {
      frame.key = token;
      const next = line.slice(token.end).match(/^[ \t]*:/);
      if (next) {
        frame.expecting = 'value';
        i = token.end + next[0].length;
        continue;
      }
      // A half-typed key: it stays a key until `:` follows.
      if (at && cursor !== undefined && at.wordStart === token.start) at.position = 'key';
      entries.push({ parents: frame.parents, key: token });
      frame.key = undefined;
    } else if (frame.kind === 'map') {
      entries.push({ parents: frame.parents, key: frame.key, value: token });
      frame.key = undefined;
      frame.expecting = 'key';
      // The cursor sits right after this value: it is still in value position.
      if (at && at.wordStart === token.start) at.position = 'value';
    } else {
      entries.push({ parents: frame.parents, value: token });
    }
    i = Math.max(token.end, i + 1);
  }
  const last = stack[stack.length - 1];
  if (last && cursor !== undefined) note(last, cursor);
  if (last?.kind === 'map' && last.key) entries.push({ parents: last.parents, key: last.key });
  if (at) {
    const parents = at.parents.join('\u0000');
    const cursorAt = at;
    at.present = entries
      .filter((e) => e.key && e.parents.join('\u0000') === parents && e.key.start !== cursorAt.wordStart)
      .map((e) => e.key!.text);
  }
  return { entries, at, end: i };
}
