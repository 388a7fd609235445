// What kind of value a Jira field holds, from its `schema` (GET /rest/api/3/field, or a metadata snapshot):
// system fields by id, custom fields by the last part of `schema.custom`, else `schema.type`/`items`.
// The engine writes values in that shape; the editor's `field-type-mismatch` judges mappings by it.

export type FieldKind =
  | 'text'
  | 'rich-text'
  | 'user'
  | 'users'
  | 'number'
  | 'option'
  | 'options'
  | 'named'
  | 'named-list'
  | 'labels'
  | 'date'
  | 'unknown';

/** Jira's `schema` of a field, as far as the kind depends on it. */
export interface FieldSchemaLike {
  type?: string;
  items?: string;
  custom?: string;
}

export const SYSTEM_FIELD_KINDS: Readonly<Record<string, FieldKind>> = {
  summary: 'text',
  description: 'rich-text',
  environment: 'rich-text',
  priority: 'named',
  labels: 'labels',
  components: 'named-list',
  fixVersions: 'named-list',
  versions: 'named-list',
  duedate: 'date',
  assignee: 'user',
  reporter: 'user',
  creator: 'user',
  watchers: 'users',
};

const CUSTOM_KINDS: Readonly<Record<string, FieldKind>> = {
  textfield: 'text',
  url: 'text',
  textarea: 'rich-text',
  userpicker: 'user',
  multiuserpicker: 'users',
  people: 'users',
  'sd-request-participants': 'users',
  'sd-approvals': 'users',
  float: 'number',
  select: 'option',
  radiobuttons: 'option',
  multiselect: 'options',
  multicheckboxes: 'options',
  datepicker: 'date',
  datetime: 'date',
  labels: 'labels',
};

/** The kind of one field from its id and schema. */
export function kindOfField(id: string, schema: FieldSchemaLike | undefined): FieldKind {
  const system = SYSTEM_FIELD_KINDS[id];
  if (system) return system;
  if (!schema) return 'unknown';
  const custom = schema.custom?.split(':').pop();
  if (custom && CUSTOM_KINDS[custom]) return CUSTOM_KINDS[custom];
  const { type, items } = schema;
  if (type === 'string') return 'text';
  if (type === 'number') return 'number';
  if (type === 'user') return 'user';
  if (type === 'option') return 'option';
  if (type === 'date' || type === 'datetime') return 'date';
  if (type === 'array' && items === 'user') return 'users';
  if (type === 'array' && items === 'option') return 'options';
  if (type === 'array' && items === 'string') return 'labels';
  if (type === 'priority' || type === 'version' || type === 'component') return 'named';
  if (type === 'array' && (items === 'version' || items === 'component')) return 'named-list';
  return 'unknown';
}
