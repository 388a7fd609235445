// Where a mapping's target sits in the text. `doc.valueRange(path)` walks the document from its root for each
// path (a lookup and a small object per step), which cost more than the checks with a thousand diagnostics.
// Here the `fields` node is found once per version, and a mapping's pair is found from where it was in the
// previous version (its index among the pairs) when that provably gives the pair `doc.find` would. The node
// found is exactly the one `valueRange` ranges; where `valueRange` takes a fallback, the caller calls it.
import { isMap, isScalar } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import type { ConfigDocument } from '../config/document';
import type { ConfigPath } from '../config/diagnostic';

/** The path of a mapping's target value: the mapping itself, or its `target` key in the object form. */
export function targetPath(sourceField: string, objectForm: boolean): ConfigPath {
  return objectForm ? ['fields', sourceField, 'target'] : ['fields', sourceField];
}

/** Whether a key's `keyText` is `text` (a non-empty string): a scalar holding exactly that string. */
function isKey(key: unknown, text: string): boolean {
  return (key as { value?: unknown } | null)?.value === text && isScalar(key);
}

/** The value of the last `key` in a small mapping, as `doc.pairOf` finds it (without indexing the mapping). */
function lastValueOf(map: YAMLMap, key: string): Node | null {
  for (let i = map.items.length - 1; i >= 0; i--) {
    const pair = map.items[i]!;
    if (isKey(pair.key, key)) return (pair.value as Node | null) ?? null;
  }
  return null;
}

/** The `fields` mapping node, as `doc.find` reaches it. */
export function fieldsNode(doc: ConfigDocument): YAMLMap | undefined {
  const node = doc.resolve(doc.find(['fields'])?.value);
  return isMap(node) ? node : undefined;
}

/**
 * The pair of `fields` whose value node holds the text from `start` to `end` (a keystroke inside one mapping),
 * with its key; undefined when no value holds it (the edit is in a key, between pairs, or elsewhere).
 */
export function pairAt(
  fields: YAMLMap,
  start: number,
  end: number,
): { pair: Pair; key: string; index: number } | undefined {
  const items = fields.items;
  let low = 0;
  let high = items.length - 1;
  // The last pair whose key starts before the edit (pairs are in text order).
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    const keyStart = (items[mid]!.key as Node | null)?.range?.[0];
    if (keyStart !== undefined && keyStart < start) low = mid;
    else high = mid - 1;
  }
  const pair = items[low];
  const key = pair?.key as Node | null | undefined;
  const value = (pair?.value as Node | null | undefined)?.range;
  if (!pair || !isScalar(key) || typeof key.value !== 'string' || !value) return undefined;
  return value[0] < start && end <= value[1] ? { pair, key: key.value, index: low } : undefined;
}

/** The `fields` mapping of one document version, for locating mapping targets. */
export class MappingNodes {
  private readonly fields: YAMLMap | undefined;
  /** True when no two pairs under `fields` have the same key: a pair with the key is then the one. */
  private readonly uniqueKeys: boolean;
  private indexes: Map<Pair, number> | undefined;
  /** The index under `fields` of the pair of the last `targetNode` call (-1: none), for the next version's hint. */
  pairIndex = -1;

  /** `uniqueKeys`: the parsed `fields` object has as many keys as the node has pairs (see `isSimple`). */
  constructor(
    private readonly doc: ConfigDocument,
    uniqueKeys: boolean,
  ) {
    this.fields = fieldsNode(doc);
    this.uniqueKeys = uniqueKeys && this.fields !== undefined;
  }

  /**
   * The node whose range `doc.valueRange(targetPath(sourceField, objectForm))` is (null when `valueRange` takes a
   * fallback). `hint`: the pair's index in the previous version, tried first.
   */
  targetNode(sourceField: string, objectForm: boolean, hint: number): Node | null {
    const pair = this.pair(sourceField, hint);
    if (!pair) return null;
    const value = (pair.value as Node | null | undefined) ?? null;
    if (!objectForm) return value;
    const map = isMap(value) ? value : this.doc.resolve(value);
    return isMap(map) ? lastValueOf(map, 'target') : null;
  }

  /** The pair `doc.pairOf(fields, sourceField)` gives; sets `pairIndex`. */
  private pair(sourceField: string, hint: number): Pair | undefined {
    this.pairIndex = -1;
    const fields = this.fields;
    if (!fields) return undefined;
    if (this.uniqueKeys && hint >= 0 && sourceField !== '') {
      const pair = fields.items[hint];
      if (pair && isKey(pair.key, sourceField)) {
        this.pairIndex = hint;
        return pair;
      }
    }
    const pair = this.doc.pairOf(fields, sourceField);
    if (!pair) return undefined;
    if (!this.indexes) {
      this.indexes = new Map();
      for (let i = 0; i < fields.items.length; i++) this.indexes.set(fields.items[i]!, i);
    }
    this.pairIndex = this.indexes.get(pair) ?? -1;
    return pair;
  }
}
