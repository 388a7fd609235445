// What kind of value each Jira field holds, read from GET /rest/api/3/field (schema.type, schema.items,
// schema.custom), so that values are written in the shape the target expects (ADF for rich text, objects for
// options, account IDs for users).
import type { JiraSite } from '../jira/client';

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

export interface FieldInfo {
  id: string;
  kind: FieldKind;
}

const SYSTEM_KINDS: Record<string, FieldKind> = {
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

const CUSTOM_KINDS: Record<string, FieldKind> = {
  textfield: 'text',
  url: 'text',
  textarea: 'rich-text',
  userpicker: 'user',
  multiuserpicker: 'users',
  people: 'users',
  float: 'number',
  select: 'option',
  radiobuttons: 'option',
  multiselect: 'options',
  multicheckboxes: 'options',
  datepicker: 'date',
  datetime: 'date',
  labels: 'labels',
};

interface FieldJson {
  id?: string;
  schema?: { type?: string; items?: string; custom?: string; system?: string };
}

/** The kind of one field from its schema. */
export function kindOfField(field: FieldJson): FieldKind {
  const id = field.id ?? '';
  const system = SYSTEM_KINDS[id];
  if (system) return system;
  const custom = field.schema?.custom?.split(':').pop();
  if (custom && CUSTOM_KINDS[custom]) return CUSTOM_KINDS[custom];
  const type = field.schema?.type;
  const items = field.schema?.items;
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

export class FieldCatalog {
  constructor(private readonly fields: Map<string, FieldInfo>) {}

  /** Reads the site's fields (one request). */
  static async load(site: JiraSite): Promise<FieldCatalog> {
    const list = await site.request<FieldJson[]>('GET', '/rest/api/3/field');
    const map = new Map<string, FieldInfo>();
    for (const field of Array.isArray(list) ? list : []) {
      if (typeof field.id === 'string') map.set(field.id, { id: field.id, kind: kindOfField(field) });
    }
    return new FieldCatalog(map);
  }

  kind(id: string): FieldKind {
    return this.fields.get(id)?.kind ?? SYSTEM_KINDS[id] ?? 'unknown';
  }

  has(id: string): boolean {
    return this.fields.has(id) || id in SYSTEM_KINDS;
  }

  isUser(id: string): boolean {
    const kind = this.kind(id);
    return kind === 'user' || kind === 'users';
  }
}
