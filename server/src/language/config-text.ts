// A line view of a config's text, for features that must work on YAML as it is being typed (a half-typed key,
// a trailing `:`), where the parse is broken or not made yet. Built per document version in O(lines); each
// line's key is read only when a feature asks for it, so one request touches only the lines it needs.

/** What one line of block YAML says: its indentation, and its key and value when it is `key: value`. */
export interface LineFacts {
  /** The column where the line's content starts (after `- ` for a sequence item). */
  indent: number;
  blank: boolean;
  comment: boolean;
  /** The block key of the line, unquoted. */
  key?: string;
  keyStart: number;
  keyEnd: number;
  /** The column of the `:` after the key. */
  colon?: number;
  /** The value text after `key: ` (without a trailing comment), when there is one. */
  value?: string;
  valueStart?: number;
  valueEnd?: number;
}

const DOUBLE_QUOTED_KEY = /^"((?:[^"\\]|\\.)*)"[ \t]*:(?=[ \t]|$)/;
const SINGLE_QUOTED_KEY = /^'((?:[^']|'')*)'[ \t]*:(?=[ \t]|$)/;
const PLAIN_KEY = /^([^\s#"'{}[\],&*!|>%@`:][^#]*?|:[^\s#][^#]*?)[ \t]*:(?=[ \t]|$)/;

/** The end of a value before a trailing ` # comment`, outside quotes. */
export function valueEndOf(line: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === from || line[i - 1] === ' ' || line[i - 1] === '\t')) {
      let end = i;
      while (end > from && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
      return end;
    }
  }
  let end = line.length;
  while (end > from && (line[end - 1] === ' ' || line[end - 1] === '\t' || line[end - 1] === '\r')) end--;
  return end;
}

/** Reads the facts of one line of text. */
export function lineFacts(line: string): LineFacts {
  let indent = 0;
  while (indent < line.length && line[indent] === ' ') indent++;
  // `- key: value`: the item's content starts after the dash.
  while (line[indent] === '-' && (line[indent + 1] === ' ' || indent + 1 === line.length)) {
    indent++;
    while (line[indent] === ' ') indent++;
  }
  const rest = line.slice(indent);
  const blank = rest.trim() === '';
  const facts: LineFacts = { indent, blank, comment: rest.startsWith('#'), keyStart: indent, keyEnd: indent };
  if (blank || facts.comment) return facts;
  const match = DOUBLE_QUOTED_KEY.exec(rest) ?? SINGLE_QUOTED_KEY.exec(rest) ?? PLAIN_KEY.exec(rest);
  if (!match) return facts;
  const quoted = rest[0] === '"' || rest[0] === "'";
  facts.key = quoted
    ? rest[0] === '"'
      ? match[1]!.replace(/\\(.)/g, '$1')
      : match[1]!.replace(/''/g, "'")
    : match[1]!;
  facts.keyEnd = indent + (quoted ? match[1]!.length + 2 : match[1]!.length);
  facts.colon = indent + match[0].length - 1;
  let start = facts.colon + 1;
  while (line[start] === ' ' || line[start] === '\t') start++;
  const end = valueEndOf(line, start);
  if (end > start) {
    facts.valueStart = start;
    facts.valueEnd = end;
    facts.value = line.slice(start, end);
  }
  return facts;
}

/** The text of a config split into lines, with facts computed on demand. */
export class ConfigText {
  readonly lines: string[];
  private readonly facts: (LineFacts | undefined)[];

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
  ) {
    this.lines = text.split('\n');
    for (let i = 0; i < this.lines.length; i++) {
      const l = this.lines[i]!;
      if (l.endsWith('\r')) this.lines[i] = l.slice(0, -1);
    }
    this.facts = new Array<LineFacts | undefined>(this.lines.length);
  }

  get lineCount(): number {
    return this.lines.length;
  }

  line(index: number): string {
    return this.lines[index] ?? '';
  }

  at(index: number): LineFacts {
    let f = this.facts[index];
    if (!f) {
      f = lineFacts(this.line(index));
      this.facts[index] = f;
    }
    return f;
  }

  /** True when the line holds nothing but whitespace or a comment. */
  isEmpty(index: number): boolean {
    const l = this.line(index);
    for (let i = 0; i < l.length; i++) {
      const c = l[i];
      if (c === ' ' || c === '\t') continue;
      return c === '#';
    }
    return true;
  }

  /** True when every line is blank or a comment. */
  isEmptyDocument(): boolean {
    for (let i = 0; i < this.lines.length; i++) if (!this.isEmpty(i)) return false;
    return true;
  }

  /**
   * The key lines that enclose a position at `indent` on line `line`, outermost first: the path of block keys
   * down to the mapping that holds it.
   */
  ancestors(line: number, indent: number): number[] {
    const chain: number[] = [];
    let want = indent;
    for (let i = Math.min(line, this.lines.length) - 1; i >= 0 && want > 0; i--) {
      if (this.isEmpty(i)) continue;
      const f = this.at(i);
      if (f.indent >= want) continue;
      if (f.key === undefined) continue; // a plain scalar or a half-typed key: not a parent
      chain.push(i);
      want = f.indent;
    }
    return chain.reverse();
  }

  /** The block keys of `ancestors`, as a path. */
  pathOf(lines: number[]): string[] {
    return lines.map((i) => this.at(i).key!);
  }

  /** The last line of the block that a key line opens (its deeper-indented lines). */
  blockEnd(keyLine: number): number {
    const indent = this.at(keyLine).indent;
    let last = keyLine;
    for (let i = keyLine + 1; i < this.lines.length; i++) {
      if (this.isEmpty(i)) continue;
      if (this.at(i).indent <= indent) break;
      last = i;
    }
    return last;
  }

  /** The lines of the direct children of the block opened by `parentLine` (-1: the top level). */
  childLines(parentLine: number): number[] {
    const parentIndent = parentLine < 0 ? -1 : this.at(parentLine).indent;
    const out: number[] = [];
    let childIndent: number | undefined;
    for (let i = parentLine + 1; i < this.lines.length; i++) {
      if (this.isEmpty(i)) continue;
      const f = this.at(i);
      if (f.indent <= parentIndent) break;
      childIndent ??= f.indent;
      if (f.indent === childIndent) out.push(i);
      else if (f.indent < childIndent) break;
    }
    return out;
  }

  /** The line of a top-level key, or -1. */
  topLevelLine(key: string): number {
    for (let i = 0; i < this.lines.length; i++) {
      const l = this.lines[i]!;
      if (l.startsWith(key) && this.at(i).indent === 0 && this.at(i).key === key) return i;
    }
    return -1;
  }

  /** The line of the block key at a path, or -1. */
  lineOfPath(path: readonly string[]): number {
    let parent = -1;
    for (const segment of path) {
      const found = this.childLines(parent).find((i) => this.at(i).key === segment);
      if (found === undefined) return -1;
      parent = found;
    }
    return parent;
  }

  /** The indentation unit of the document (the first indented key line), 2 by default. */
  indentUnit(): number {
    for (let i = 0; i < this.lines.length; i++) {
      if (this.isEmpty(i)) continue;
      const f = this.at(i);
      if (f.indent > 0) return f.indent;
    }
    return 2;
  }
}
