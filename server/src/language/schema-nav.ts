// Walks the config schema by key path, resolving `$ref`, `allOf` and the object branch of `oneOf`, so that
// completion and hover read one merged view of "what is allowed here" (keys, values, docs, snippets).
import { configSchema } from '../config/schema';
import type { JsonSchema } from '../config/schema';

/** What the schema says about one node, merged over `$ref`/`allOf`/`oneOf` branches. */
export interface SchemaView {
  markdownDescription?: string;
  types: string[];
  properties: Map<string, SchemaView>;
  /** The schema of keys not listed in `properties` (`fields`, `sites`, `issueTypes`, …). */
  additional?: SchemaView;
  required: string[];
  enumValues: unknown[];
  examples: unknown[];
  default?: unknown;
  hasDefault: boolean;
  snippets: SchemaSnippet[];
}

export interface SchemaSnippet {
  label: string;
  markdownDescription?: string;
  body: unknown;
}

function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[part];
  return (node as JsonSchema | undefined) ?? {};
}

/** The schema parts that together describe a node: itself, its `$ref`, `allOf` members and `oneOf` branches. */
function parts(schema: JsonSchema, root: JsonSchema, depth = 0): JsonSchema[] {
  if (depth > 8) return [];
  const self = resolveRef(schema, root);
  const out = [self];
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    const list = self[key];
    if (Array.isArray(list)) for (const s of list) out.push(...parts(s as JsonSchema, root, depth + 1));
  }
  return out;
}

function typesOf(schema: JsonSchema): string[] {
  const t = schema.type;
  if (Array.isArray(t)) return t.map(String);
  if (typeof t === 'string') return [t];
  if ('const' in schema) return [typeof schema.const === 'number' ? 'integer' : typeof schema.const];
  if (Array.isArray(schema.enum))
    return [...new Set(schema.enum.map((v) => (v === null ? 'null' : typeof v)))];
  return [];
}

const cache = new WeakMap<JsonSchema, SchemaView>();

/** The merged view of a schema node. */
export function viewOf(schema: JsonSchema, root: JsonSchema = configSchema): SchemaView {
  const hit = cache.get(schema);
  if (hit) return hit;
  const view: SchemaView = {
    types: [],
    properties: new Map(),
    required: [],
    enumValues: [],
    examples: [],
    hasDefault: false,
    snippets: [],
  };
  cache.set(schema, view);
  const propertyParts = new Map<string, JsonSchema[]>();
  const additionalParts: JsonSchema[] = [];
  for (const part of parts(schema, root)) {
    if (view.markdownDescription === undefined && typeof part.markdownDescription === 'string')
      view.markdownDescription = part.markdownDescription;
    for (const t of typesOf(part)) if (!view.types.includes(t)) view.types.push(t);
    if (Array.isArray(part.required)) view.required.push(...part.required.map(String));
    if ('const' in part) view.enumValues.push(part.const);
    if (Array.isArray(part.enum)) view.enumValues.push(...part.enum);
    if (Array.isArray(part.examples)) view.examples.push(...part.examples);
    if ('default' in part && !view.hasDefault) {
      view.default = part.default;
      view.hasDefault = true;
    }
    if (Array.isArray(part.defaultSnippets)) view.snippets.push(...(part.defaultSnippets as SchemaSnippet[]));
    const props = part.properties as Record<string, JsonSchema> | undefined;
    for (const [name, sub] of Object.entries(props ?? {}))
      propertyParts.set(name, [...(propertyParts.get(name) ?? []), sub]);
    if (part.additionalProperties && typeof part.additionalProperties === 'object')
      additionalParts.push(part.additionalProperties as JsonSchema);
  }
  for (const [name, list] of propertyParts) {
    // `properties: { site: {} }` beside `allOf: [$ref]` only declares the key: the referenced schema holds the docs.
    view.properties.set(name, viewOf(list.length === 1 ? list[0]! : { allOf: list }, root));
  }
  if (additionalParts.length > 0)
    view.additional = viewOf(
      additionalParts.length === 1 ? additionalParts[0]! : { allOf: additionalParts },
      root,
    );
  view.required = [...new Set(view.required)];
  return view;
}

/** The schema view at a key path, or undefined when the schema does not allow that path. */
export function schemaAt(
  path: readonly (string | number)[],
  root: JsonSchema = configSchema,
): SchemaView | undefined {
  let view: SchemaView | undefined = viewOf(root, root);
  for (const segment of path) {
    if (!view) return undefined;
    view = view.properties.get(String(segment)) ?? view.additional;
  }
  return view;
}

/** True when a node takes a mapping (its value goes on the next lines). */
export function isObjectView(view: SchemaView): boolean {
  return view.types.includes('object') || (view.properties.size > 0 && view.types.length === 0);
}
