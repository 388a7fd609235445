// A parsed config with positions: the one parse per document version that every feature reads.
// `uniqueKeys: false` keeps the yaml package linear in the size of a mapping (DESIGN.md §11); duplicate
// keys are found by our own O(n) walk in syntax.ts instead.
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Node, Pair, ParsedNode, YAMLMap } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import type { ConfigPath } from './diagnostic';
import { fastParse } from './fast-parse';

/** Files over this size are not validated (`file-too-large`). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** A key/value pair located in the document; `key` is absent for sequence items. */
export interface NodeRef {
  key?: Node;
  value: Node | null;
  pair?: Pair;
}

export class ConfigDocument {
  /** Filled only when the yaml package parsed the text; positions come from `positionAt`. */
  readonly lineCounter = new LineCounter();
  readonly tooLarge: boolean;
  readonly documents: Document.Parsed[];
  /** The first YAML document's root node, or null for an empty or too large file. */
  readonly root: ParsedNode | null;
  private jsValue: unknown;
  private jsComputed = false;
  private readonly mapIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
  ) {
    this.tooLarge = text.length > MAX_CONFIG_BYTES || Buffer.byteLength(text, 'utf8') > MAX_CONFIG_BYTES;
    if (this.tooLarge) {
      this.documents = [];
      this.root = null;
      return;
    }
    // The plain shape of most configs parses several times faster by our own parser (same nodes, same
    // ranges: see fast-parse.ts); everything else, errors included, goes to the yaml package.
    const fast = fastParse(text);
    if (fast) {
      this.documents = [fast];
      this.root = (fast.contents as ParsedNode | null) ?? null;
      return;
    }
    this.documents = parseAllDocuments(text, {
      lineCounter: this.lineCounter,
      uniqueKeys: false,
      prettyErrors: false,
      keepSourceTokens: false,
      // toJS() would otherwise print a process warning for collection keys (`? [a, b]`) on every keystroke.
      logLevel: 'error',
    }) as Document.Parsed[];
    if (!Array.isArray(this.documents)) this.documents = [];
    this.root = (this.documents[0]?.contents as ParsedNode | null | undefined) ?? null;
  }

  /** The first document as plain JSON-like data (what the schema validates), computed once. */
  get value(): unknown {
    if (!this.jsComputed) {
      this.jsComputed = true;
      const doc = this.documents[0];
      try {
        this.jsValue = doc && doc.contents !== null ? doc.toJS({ maxAliasCount: 1000 }) : undefined;
      } catch {
        this.jsValue = undefined; // alias bombs and similar: the syntax check reports them
      }
    }
    return this.jsValue;
  }

  /** 0-based LSP range of two offsets. */
  range(start: number, end: number): Range {
    // The yaml package reports some errors one past the end of the text: keep ranges inside the document.
    const from = Math.max(0, Math.min(start, this.text.length));
    return {
      start: this.positionAt(from),
      end: this.positionAt(Math.max(from, Math.min(end, this.text.length))),
    };
  }

  /** The range of a node's own text (without trailing comments). */
  nodeRange(node: Node): Range {
    const [start, end] = node.range ?? [0, 0];
    return this.range(start, end);
  }

  /** The first line: where problems of the whole document go (DESIGN.md §5). */
  firstLine(): Range {
    const starts = this.lineStarts();
    let lineEnd = starts.length > 1 ? (starts[1] as number) - 1 : this.text.length;
    if (lineEnd > 0 && this.text.charCodeAt(lineEnd - 1) === 13 && this.text.charCodeAt(lineEnd) === 10)
      lineEnd--;
    return { start: { line: 0, character: 0 }, end: { line: 0, character: Math.max(0, lineEnd) } };
  }

  /**
   * Offset → 0-based position, from our own table of line starts: the yaml package's LineCounter misses
   * newlines inside some broken constructs (its lexer skips them while recovering), which put ranges
   * outside their line.
   */
  positionAt(offset: number): { line: number; character: number } {
    const starts = this.lineStarts();
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - starts[low]! };
  }

  private starts: number[] | undefined;

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    const text = this.text;
    if (!text.includes('\r')) {
      let at = text.indexOf('\n');
      while (at !== -1) {
        starts.push(at + 1);
        at = text.indexOf('\n', at + 1);
      }
    } else {
      // CRLF and a lone CR (old Mac files) end a line too, in YAML as in the editor, so positions agree.
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
      }
    }
    return (this.starts = starts);
  }

  /** Resolves an alias to the node it refers to. */
  resolve(node: Node | null | undefined): Node | null {
    if (!node) return null;
    if (isAlias(node))
      return (this.documents[0] && (node.resolve(this.documents[0]) as Node | undefined)) ?? null;
    return node;
  }

  /**
   * The pair of `key` in a mapping. When a key is duplicated, the last one: it is the one whose value `value`
   * holds (and so the one the schema and semantic checks judged); the repeats get `yaml-syntax` anyway.
   */
  pairOf(map: YAMLMap, key: string): Pair | undefined {
    let index = this.mapIndex.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items) {
        const k = keyText(pair.key);
        if (k !== undefined) index.set(k, pair);
      }
      this.mapIndex.set(map, index);
    }
    return index.get(key);
  }

  /** Finds the node at a path of keys and indexes; undefined when any step is missing. */
  find(path: ConfigPath): NodeRef | undefined {
    let ref: NodeRef = { value: this.root };
    for (const segment of path) {
      const node = this.resolve(ref.value);
      if (isMap(node)) {
        const pair = this.pairOf(node, String(segment));
        if (!pair) return undefined;
        ref = { key: pair.key as Node, value: (pair.value as Node | null) ?? null, pair };
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (item === undefined) return undefined;
        ref = { value: item };
      } else {
        return undefined;
      }
    }
    return ref;
  }

  /**
   * The range of the key at a path (the value's when it has no key). When the path cannot be followed to the
   * end (a complex key such as `? [a, b]` has no text name), the deepest ancestor that exists: never line 1
   * for a problem inside the document (DESIGN.md §5).
   */
  keyRange(path: ConfigPath): Range {
    for (let length = path.length; length > 0; length--) {
      const ref = this.find(length === path.length ? path : path.slice(0, length));
      const node = ref?.key ?? ref?.value;
      if (node?.range) return this.nodeRange(node);
    }
    return this.firstLine();
  }

  /** The range of the value at a path; its key's when the value is empty. */
  valueRange(path: ConfigPath): Range {
    const ref = this.find(path);
    if (ref?.value && ref.value.range) return this.nodeRange(ref.value);
    return this.keyRange(path);
  }

  /** The 1-based line of the key at a path, for "the config line of the mapping to blame". */
  lineOf(path: ConfigPath): number {
    return this.keyRange(path).start.line + 1;
  }
}

/** The text of a mapping key as a string, or undefined for complex keys. */
export function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  return undefined;
}
