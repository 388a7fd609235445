// Every field a site knows: Jira's system fields (the ones the engine can map) and the seed's custom
// fields, with the schema Jira reports for each (`schema.custom` is how clients tell user pickers).
import type { CustomFieldKind, CustomFieldSeed, SiteSeed } from './model';

export interface FieldSchema {
  type: string;
  system?: string;
  items?: string;
  custom?: string;
  customId?: number;
}

export interface FieldDefinition {
  id: string;
  name: string;
  custom: boolean;
  schema: FieldSchema;
  clauseNames: string[];
  /** How values are checked and stored (see field-values.ts). */
  kind:
    CustomFieldKind | 'summary' | 'priority' | 'issuetype' | 'project' | 'status' | 'versions' | 'reporter';
  /** Only readable (status, creator, created …): never settable through create/edit. */
  readOnly?: boolean;
  options?: string[];
}

const SYSTEM: FieldDefinition[] = [
  sys('summary', 'Summary', { type: 'string', system: 'summary' }, 'summary'),
  sys('description', 'Description', { type: 'string', system: 'description' }, 'textarea'),
  sys('environment', 'Environment', { type: 'string', system: 'environment' }, 'textarea'),
  sys('priority', 'Priority', { type: 'priority', system: 'priority' }, 'priority'),
  sys('labels', 'Labels', { type: 'array', items: 'string', system: 'labels' }, 'labels'),
  sys('components', 'Components', { type: 'array', items: 'component', system: 'components' }, 'versions', [
    'component',
  ]),
  sys('fixVersions', 'Fix versions', { type: 'array', items: 'version', system: 'fixVersions' }, 'versions', [
    'fixVersion',
  ]),
  sys('versions', 'Affects versions', { type: 'array', items: 'version', system: 'versions' }, 'versions', [
    'affectedVersion',
  ]),
  sys('duedate', 'Due date', { type: 'date', system: 'duedate' }, 'date', ['due', 'duedate']),
  sys('assignee', 'Assignee', { type: 'user', system: 'assignee' }, 'user'),
  sys('reporter', 'Reporter', { type: 'user', system: 'reporter' }, 'reporter'),
  sys('issuetype', 'Issue Type', { type: 'issuetype', system: 'issuetype' }, 'issuetype', [
    'issuetype',
    'type',
  ]),
  sys('project', 'Project', { type: 'project', system: 'project' }, 'project'),
  { ...sys('status', 'Status', { type: 'status', system: 'status' }, 'status'), readOnly: true },
  { ...sys('creator', 'Creator', { type: 'user', system: 'creator' }, 'user'), readOnly: true },
  {
    ...sys('created', 'Created', { type: 'datetime', system: 'created' }, 'date', ['created', 'createdDate']),
    readOnly: true,
  },
  {
    ...sys('updated', 'Updated', { type: 'datetime', system: 'updated' }, 'date', ['updated', 'updatedDate']),
    readOnly: true,
  },
  { ...sys('comment', 'Comment', { type: 'comments-page', system: 'comment' }, 'textarea'), readOnly: true },
  {
    ...sys('watches', 'Watchers', { type: 'watches', system: 'watches' }, 'users', ['watchers']),
    readOnly: true,
  },
];

function sys(
  id: string,
  name: string,
  schema: FieldSchema,
  kind: FieldDefinition['kind'],
  clauseNames: string[] = [id],
): FieldDefinition {
  return { id, name, custom: false, schema, clauseNames, kind };
}

const CUSTOM_TYPES: Record<CustomFieldKind, { type: string; items?: string; custom: string }> = {
  text: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield' },
  textarea: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textarea' },
  user: { type: 'user', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:userpicker' },
  users: {
    type: 'array',
    items: 'user',
    custom: 'com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker',
  },
  number: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float' },
  select: { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select' },
  date: { type: 'date', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:datepicker' },
  labels: {
    type: 'array',
    items: 'string',
    custom: 'com.atlassian.jira.plugin.system.customfieldtypes:labels',
  },
};

function customField(id: string, seed: CustomFieldSeed): FieldDefinition {
  const customId = Number(id.replace('customfield_', ''));
  const t = CUSTOM_TYPES[seed.kind];
  const schema: FieldSchema = { type: t.type, custom: t.custom, customId };
  if (t.items) schema.items = t.items;
  return {
    id,
    name: seed.name,
    custom: true,
    schema,
    clauseNames: [`cf[${customId}]`, seed.name],
    kind: seed.kind,
    options: seed.options,
  };
}

// Catalogs are cached per fields object: the control API replaces `fields` when it patches them.
const cache = new WeakMap<object, Map<string, FieldDefinition>>();

/** All fields of a site by id: system fields first, then custom fields. */
export function fieldCatalog(site: SiteSeed): Map<string, FieldDefinition> {
  const key = site.fields ?? SYSTEM;
  let catalog = cache.get(key);
  if (!catalog) {
    catalog = new Map(SYSTEM.map((f) => [f.id, f]));
    for (const [id, seed] of Object.entries(site.fields ?? {})) catalog.set(id, customField(id, seed));
    cache.set(key, catalog);
  }
  return catalog;
}

/** The field a JQL clause name refers to (`cf[10010]`, `customfield_10010`, a clause name, a custom field name). */
export function fieldByClauseName(site: SiteSeed, name: string): FieldDefinition | undefined {
  const lower = name.toLowerCase();
  const cf = /^cf\[(\d+)\]$/.exec(lower);
  const catalog = fieldCatalog(site);
  if (cf) return catalog.get(`customfield_${cf[1]}`);
  const direct = catalog.get(name);
  if (direct) return direct;
  for (const field of catalog.values()) {
    if (field.clauseNames.some((c) => c.toLowerCase() === lower)) return field;
  }
  return undefined;
}
