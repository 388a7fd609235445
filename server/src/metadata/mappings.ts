// The `fields` mappings as the metadata rules read them, read once per validation: with thousands of mappings,
// each rule walking `Object.entries` and unpacking every mapping again cost more than the checks themselves.
import type { Dict } from '../config/shape';
import { asDict, asString, mappingTarget } from '../config/shape';

/** One entry under `fields`, unpacked. */
export interface FieldMapping {
  sourceField: string;
  /** The mapping's value as written: a target field id, or an object. */
  mapping: unknown;
  /** The target field id, when the mapping has one. */
  target: string | undefined;
  /** The object form's `direction`, when set. */
  direction: string | undefined;
  /** Whether the object form says `as: text`. */
  asText: boolean;
}

// Keyed by the `fields` object of one parsed document (a new document is a new object): every rule of one
// validation shares the list, and it goes away with the document.
const cache = new WeakMap<Dict, FieldMapping[]>();

/** Every `fields` entry in document order (the order of `Object.entries`). */
export function fieldMappings(config: Dict): FieldMapping[] {
  const fields = asDict(config.fields);
  if (!fields) return [];
  const cached = cache.get(fields);
  if (cached) return cached;
  const out: FieldMapping[] = [];
  for (const sourceField of Object.keys(fields)) {
    const mapping = fields[sourceField];
    const object = typeof mapping === 'string' ? undefined : asDict(mapping);
    out.push({
      sourceField,
      mapping,
      target: mappingTarget(mapping),
      direction: asString(object?.direction),
      asText: asString(object?.as) === 'text',
    });
  }
  cache.set(fields, out);
  return out;
}
