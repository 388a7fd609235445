// A fast parser for the plain shape almost every sync config has: block mappings indented with spaces,
// `key: value` lines, one-line flow mappings and sequences, plain and simply quoted scalars, comments.
// It builds the same `yaml` nodes (same classes, values and ranges) as the yaml package, several times
// faster, because the yaml package's lexer/parser/composer dominate the validation time (issue 2,
// Performance). Anything outside that shape (block sequences, block scalars, anchors, tags, multi-line
// scalars or flows, tabs, CR, `---`, odd comment placement, errors of any kind) returns undefined, and the
// caller parses with the yaml package instead. test/unit/config-fast-parse.test.ts checks on thousands of
// texts that whatever this accepts equals the yaml package's parse.
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node } from 'yaml';

/** Thrown to give up: the text is not in the fast subset. */
class NotSimple extends Error {}

const SPACE = 32;
const NEWLINE = 10;
const HASH = 35;
const COLON = 58;

/** Characters that cannot start a plain scalar here (or that we leave to the yaml package). */
const NOT_PLAIN_START = new Set('-?:,[]{}#&*!|>\'"%@`'.split(''));

function giveUp(): never {
  throw new NotSimple();
}

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const NUMBERISH = /^[-+]?(?:\.|[0-9])/;

/** The value of a plain scalar under the YAML 1.2 core schema, as the yaml package resolves it. */
function plainValue(source: string): unknown {
  switch (source) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  if (INT.test(source)) {
    const sign = source[0];
    const n = parseInt(sign === '-' || sign === '+' ? source.slice(1) : source, 10);
    return sign === '-' ? -1 * n : n;
  }
  if (FLOAT.test(source)) return parseFloat(source);
  // Exponents, hex, octal, .inf, .nan and the like: rare in configs, left to the yaml package.
  if (NUMBERISH.test(source) && /^[-+]?(?:0x|0o|\.inf|\.Inf|\.INF|[0-9.]+[eE])/.test(source)) giveUp();
  if (source === '.nan' || source === '.NaN' || source === '.NAN') giveUp();
  return source;
}

function scalar(value: unknown, type: Scalar.Type, range: [number, number, number], source?: string): Scalar {
  const node = new Scalar(value);
  node.type = type;
  node.range = range;
  if (source !== undefined && type === Scalar.PLAIN) node.source = source;
  return node;
}

class FastParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parse(): Document.Parsed {
    const text = this.text;
    if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) giveUp();
    this.skipBlankAndComments(0);
    if (this.pos >= text.length) giveUp(); // empty: the yaml package answers it quickly
    if (this.indentAt(this.pos) !== 0) giveUp();
    const root = this.blockMap(0);
    this.skipBlankAndComments(0);
    if (this.pos < text.length) giveUp();
    const doc = new Document(undefined, { uniqueKeys: false, logLevel: 'error' });
    doc.contents = root as unknown as typeof doc.contents;
    doc.range = [0, root.range![2], text.length];
    return doc as unknown as Document.Parsed;
  }

  /** Whether a plain scalar may start at `at`: `-1` and `-x` may, `- x` (a sequence entry) may not. */
  private canStartPlain(at: number, inFlow: boolean): boolean {
    const c = this.text[at]!;
    if (c !== '-') return !NOT_PLAIN_START.has(c);
    const next = this.text[at + 1];
    if (next === undefined || next === ' ' || next === '\n') return false;
    return !(inFlow && ',[]{}'.includes(next));
  }

  /** Spaces from `at` to the first other character. */
  private indentAt(at: number): number {
    let i = at;
    while (this.text.charCodeAt(i) === SPACE) i++;
    return i - at;
  }

  /** The offset just after the end of the line containing `at` (after its newline), or the text's end. */
  private lineEnd(at: number): number {
    const nl = this.text.indexOf('\n', at);
    return nl === -1 ? this.text.length : nl + 1;
  }

  /**
   * Skips blank lines and comment lines from the start of a line. A comment line must be indented like
   * the content line that follows it (then it only precedes that line); `minIndent` is the indentation
   * of the mapping being read. Anything else changes where the yaml package ends nodes: give up.
   */
  private skipBlankAndComments(minIndent: number): void {
    const text = this.text;
    let commentIndent = -1;
    while (this.pos < text.length) {
      const indent = this.indentAt(this.pos);
      const first = this.pos + indent;
      const c = text.charCodeAt(first);
      if (first >= text.length || c === NEWLINE) {
        this.pos = this.lineEnd(this.pos);
        continue;
      }
      if (c === HASH) {
        if (commentIndent !== -1 && commentIndent !== indent) giveUp();
        commentIndent = indent;
        this.pos = this.lineEnd(this.pos);
        continue;
      }
      if (commentIndent !== -1 && commentIndent !== indent) giveUp();
      if (text.startsWith('---', first) || text.startsWith('...', first) || (indent === 0 && c === 37))
        giveUp();
      return;
    }
    // Comments at the end of the file: only top-level ones keep the ranges simple.
    if (commentIndent > 0 || (commentIndent === 0 && minIndent > 0)) giveUp();
  }

  /** A block mapping whose keys start at column `indent`; `pos` is at the start of its first line. */
  private blockMap(indent: number): YAMLMap {
    const text = this.text;
    const map = new YAMLMap();
    const start = this.pos + indent;
    let end = start;
    for (;;) {
      this.skipBlankAndComments(indent);
      if (this.pos >= text.length) break;
      const lineIndent = this.indentAt(this.pos);
      if (lineIndent < indent) break;
      if (lineIndent > indent) giveUp();
      const pair = this.blockPair(indent);
      map.items.push(pair);
      end = (pair.value as Node).range![2];
    }
    map.range = [start, end, end];
    return map;
  }

  /** One `key: value` line (and the nested mapping below it); `pos` is at the start of the line. */
  private blockPair(indent: number): Pair {
    const text = this.text;
    let at = this.pos + indent;
    const c = text[at]!;
    let key: Scalar;
    if (c === '"' || c === "'") {
      key = this.quoted(at);
      at = key.range![1];
    } else {
      if (!this.canStartPlain(at, false)) giveUp();
      // A plain key runs to the first `:` followed by a space or the line end.
      let i = at;
      for (;;) {
        const ch = text.charCodeAt(i);
        if (i >= text.length || ch === NEWLINE) giveUp();
        if (ch === COLON) {
          const next = text.charCodeAt(i + 1);
          if (i + 1 >= text.length || next === SPACE || next === NEWLINE) break;
        }
        if (ch === HASH && text.charCodeAt(i - 1) === SPACE) giveUp();
        if ('[]{},'.includes(text[i]!)) giveUp();
        i++;
      }
      const source = text.slice(at, i);
      if (source.endsWith(' ')) giveUp();
      key = scalar(plainValue(source), Scalar.PLAIN, [at, i, i], source);
      at = i;
    }
    if (text.charCodeAt(at) !== COLON) giveUp();
    at++;
    if (at < text.length && text.charCodeAt(at) !== SPACE && text.charCodeAt(at) !== NEWLINE) giveUp();
    while (text.charCodeAt(at) === SPACE) at++;
    const lineEnd = this.lineEnd(at);
    // Nothing after the colon: a nested mapping on the next lines, or null.
    if (at >= text.length || text.charCodeAt(at) === NEWLINE || text.charCodeAt(at) === HASH) {
      const comment = text.charCodeAt(at) === HASH;
      this.pos = lineEnd;
      const save = this.pos;
      this.skipBlankAndComments(indent + 1);
      if (this.pos < text.length) {
        const childIndent = this.indentAt(this.pos);
        if (childIndent > indent) {
          if (comment) giveUp(); // where the yaml package puts this comment is not worth copying
          const first = text[this.pos + childIndent]!;
          if (first === '-' || first === '?' || first === ':') giveUp();
          if (first === '{' || first === '[') {
            // A flow collection on the lines below its key (as prettier writes long ones).
            const value = this.inlineValue(this.pos + childIndent, indent);
            this.pos = value.range![2];
            this.rejectDeeperLines(indent);
            return new Pair(key, value);
          }
          return new Pair(key, this.blockMap(childIndent));
        }
      }
      this.pos = save;
      const value = comment
        ? scalar(null, Scalar.PLAIN, [at, at, lineEnd], '')
        : scalar(null, Scalar.PLAIN, [at, at, at], '');
      return new Pair(key, value);
    }
    const value = this.inlineValue(at, indent);
    this.pos = value.range![2];
    this.rejectDeeperLines(indent);
    return new Pair(key, value);
  }

  /** After a value on its own line, a more indented line would continue it (multi-line): give up. */
  private rejectDeeperLines(indent: number): void {
    const save = this.pos;
    const text = this.text;
    while (this.pos < text.length) {
      const lineIndent = this.indentAt(this.pos);
      const c = text.charCodeAt(this.pos + lineIndent);
      if (this.pos + lineIndent >= text.length || c === NEWLINE) {
        this.pos = this.lineEnd(this.pos);
        continue;
      }
      if (lineIndent > indent) giveUp();
      break;
    }
    this.pos = save;
  }

  /**
   * A value of a pair of the mapping at `indent`, up to the end of its (last) line: a flow collection, a
   * quoted or a plain scalar. Its range ends after that line's newline, as the yaml package's does.
   */
  private inlineValue(at: number, indent: number): Node {
    const text = this.text;
    const c = text[at]!;
    let node: Node;
    let after: number;
    let lineEnd = this.lineEnd(at);
    if (c === '{' || c === '[') {
      node = this.flow(at, indent);
      after = node.range![1];
      lineEnd = this.lineEnd(after);
    } else if (c === '"' || c === "'") {
      node = this.quoted(at);
      after = node.range![1];
    } else {
      if (!this.canStartPlain(at, false)) giveUp();
      const contentEnd =
        lineEnd === text.length && text.charCodeAt(lineEnd - 1) !== NEWLINE ? lineEnd : lineEnd - 1;
      let i = at;
      let end = at;
      while (i < contentEnd) {
        const ch = text.charCodeAt(i);
        if (ch === HASH && text.charCodeAt(i - 1) === SPACE) break;
        if (ch === COLON) {
          const next = text.charCodeAt(i + 1);
          if (i + 1 >= contentEnd || next === SPACE) giveUp(); // `a: b: c` is a yaml error
        }
        if (ch !== SPACE) end = i + 1;
        i++;
      }
      const source = text.slice(at, end);
      node = scalar(plainValue(source), Scalar.PLAIN, [at, end, lineEnd], source);
      after = end;
    }
    // Only spaces and a comment may follow the value on its line.
    let i = after;
    while (text.charCodeAt(i) === SPACE) i++;
    if (i < text.length && text.charCodeAt(i) !== NEWLINE) {
      if (text.charCodeAt(i) !== HASH || i === after) giveUp();
    }
    node.range = [node.range![0], node.range![1], lineEnd];
    return node;
  }

  /** A quoted scalar closed on the same line; escapes beyond `\"` `\\` and `''` are left to the yaml package. */
  private quoted(at: number): Scalar {
    const text = this.text;
    const quote = text[at];
    let value = '';
    let i = at + 1;
    for (;;) {
      if (i >= text.length) giveUp();
      const ch = text[i]!;
      if (ch === '\n') giveUp();
      if (quote === "'" && ch === "'") {
        if (text[i + 1] === "'") {
          value += "'";
          i += 2;
          continue;
        }
        break;
      }
      if (quote === '"' && ch === '\\') {
        const next = text[i + 1];
        if (next === '"' || next === '\\') {
          value += next;
          i += 2;
          continue;
        }
        giveUp();
      }
      if (quote === '"' && ch === '"') break;
      value += ch;
      i++;
    }
    const end = i + 1;
    return scalar(value, quote === '"' ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE, [at, end, end]);
  }

  /**
   * A flow mapping or sequence. It may span lines; every line it continues on must be indented more than
   * the block mapping it is a value of (`indent`), or the yaml package reports an error.
   */
  private flow(at: number, indent: number): YAMLMap | YAMLSeq {
    const text = this.text;
    const isMap = text[at] === '{';
    const close = isMap ? '}' : ']';
    const node = isMap ? new YAMLMap() : new YAMLSeq();
    node.flow = true;
    let i = at + 1;
    const skipSpaces = () => {
      i = this.flowSpace(i, indent);
    };
    skipSpaces();
    if (text[i] === close) {
      node.range = [at, i + 1, i + 1];
      return node;
    }
    for (;;) {
      skipSpaces();
      const item = this.flowItem(i, isMap, indent);
      i = item.range![1];
      skipSpaces();
      if (isMap) {
        if (text[i] !== ':') giveUp();
        i++;
        if (text.charCodeAt(i) !== SPACE) giveUp();
        skipSpaces();
        const value = this.flowItem(i, false, indent);
        i = value.range![1];
        (node as YAMLMap).items.push(new Pair(item, value));
      } else {
        (node as YAMLSeq).items.push(item);
      }
      skipSpaces();
      const ch = text[i];
      if (ch === ',') {
        i++;
        skipSpaces();
        if (text[i] === ',') giveUp();
        if (text[i] === close) {
          node.range = [at, i + 1, i + 1];
          return node;
        }
        continue;
      }
      if (ch === close) {
        node.range = [at, i + 1, i + 1];
        return node;
      }
      giveUp();
    }
  }

  /** Skips spaces and line breaks inside a flow collection; continuation lines must be indented past `indent`. */
  private flowSpace(at: number, indent: number): number {
    const text = this.text;
    let i = at;
    for (;;) {
      const ch = text.charCodeAt(i);
      if (ch === SPACE) i++;
      else if (ch === NEWLINE) {
        i++;
        const lineIndent = this.indentAt(i);
        const next = text.charCodeAt(i + lineIndent);
        if (next !== NEWLINE && i + lineIndent < text.length && lineIndent <= indent) giveUp();
        i += lineIndent;
      } else if (ch === HASH) giveUp();
      else return i;
    }
  }

  /** A key or value inside a flow collection. */
  private flowItem(at: number, isKey: boolean, indent: number): Node {
    const text = this.text;
    const c = text[at];
    if (c === undefined || c === '\n') giveUp();
    if (c === '{' || c === '[') {
      if (isKey) giveUp();
      return this.flow(at, indent);
    }
    if (c === '"' || c === "'") return this.quoted(at);
    if (!this.canStartPlain(at, true)) giveUp();
    let i = at;
    let end = at;
    for (;;) {
      const ch = text[i];
      if (ch === undefined) giveUp();
      // A newline ends it; if text goes on after it (a multi-line scalar), the caller finds no `,` and gives up.
      if (ch === '\n' || ch === ',' || ch === '}' || ch === ']' || ch === '{' || ch === '[') break;
      if (ch === ':') {
        const next = text[i + 1];
        if (next === ' ' || next === ',' || next === '}' || next === ']' || next === '{' || next === '[') {
          if (!isKey) giveUp(); // `[a: b]` or `{a: b: c}`
          break;
        }
      }
      if (ch === '#' && text[i - 1] === ' ') giveUp();
      if (ch !== ' ') end = i + 1;
      i++;
    }
    if (end === at) giveUp();
    const source = text.slice(at, end);
    return scalar(plainValue(source), Scalar.PLAIN, [at, end, end], source);
  }
}

/**
 * Parses `text` when it has the plain shape of a typical config; undefined when it does not (then use the
 * yaml package). The result is one document without errors, with the yaml package's nodes and ranges.
 */
export function fastParse(text: string): Document.Parsed | undefined {
  try {
    return new FastParser(text).parse();
  } catch (error) {
    if (error instanceof NotSimple) return undefined;
    throw error;
  }
}
