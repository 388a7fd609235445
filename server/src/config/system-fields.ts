// Jira's system fields that a config may map (DESIGN.md §4), with what a Jira administrator needs to know
// about each: its name on screen, its kind, and whether it carries personal data.

export type FieldKind =
  'text' | 'rich-text' | 'user' | 'users' | 'option' | 'labels' | 'components' | 'versions' | 'date';

export interface SystemField {
  id: string;
  name: string;
  kind: FieldKind;
  /** A user field: its values identify people (personal data). */
  personalData: boolean;
  /** Free text: personal data typed into it is not treated as personal data. */
  freeText: boolean;
  /** Only readable (e.g. `creator`): it cannot be a target. */
  sourceOnly?: boolean;
  description: string;
}

export const SYSTEM_FIELDS: readonly SystemField[] = [
  {
    id: 'summary',
    name: 'Summary',
    kind: 'text',
    personalData: false,
    freeText: true,
    description: 'The one-line title of the issue. Required to create an issue.',
  },
  {
    id: 'description',
    name: 'Description',
    kind: 'rich-text',
    personalData: false,
    freeText: true,
    description: 'The rich-text description (Atlassian Document Format). Mentions in it refer to people.',
  },
  {
    id: 'environment',
    name: 'Environment',
    kind: 'rich-text',
    personalData: false,
    freeText: true,
    description: 'Rich text about the environment the issue occurs in.',
  },
  {
    id: 'priority',
    name: 'Priority',
    kind: 'option',
    personalData: false,
    freeText: false,
    description: 'The priority, by name (use `correlate` when the sites name priorities differently).',
  },
  {
    id: 'labels',
    name: 'Labels',
    kind: 'labels',
    personalData: false,
    freeText: false,
    description: 'A list of labels (use `prefix` to mark synced labels).',
  },
  {
    id: 'components',
    name: 'Components',
    kind: 'components',
    personalData: false,
    freeText: false,
    description: "The project's components, by name.",
  },
  {
    id: 'fixVersions',
    name: 'Fix versions',
    kind: 'versions',
    personalData: false,
    freeText: false,
    description: 'The versions the issue is fixed in, by name.',
  },
  {
    id: 'versions',
    name: 'Affects versions',
    kind: 'versions',
    personalData: false,
    freeText: false,
    description: 'The versions the issue affects, by name.',
  },
  {
    id: 'duedate',
    name: 'Due date',
    kind: 'date',
    personalData: false,
    freeText: false,
    description: 'The due date (YYYY-MM-DD).',
  },
  {
    id: 'assignee',
    name: 'Assignee',
    kind: 'user',
    personalData: true,
    freeText: false,
    description: 'The person the issue is assigned to.',
  },
  {
    id: 'reporter',
    name: 'Reporter',
    kind: 'user',
    personalData: true,
    freeText: false,
    description: 'The person who reported the issue.',
  },
  {
    id: 'watchers',
    name: 'Watchers',
    kind: 'users',
    personalData: true,
    freeText: false,
    description: 'The people watching the issue (synced through the watchers endpoints).',
  },
  {
    id: 'creator',
    name: 'Creator',
    kind: 'user',
    personalData: true,
    freeText: false,
    sourceOnly: true,
    description: 'The person who created the issue. Source only: it cannot be set on the target.',
  },
];

const BY_ID = new Map(SYSTEM_FIELDS.map((f) => [f.id, f]));

export const CUSTOM_FIELD_ID = /^customfield_\d+$/;

export function systemField(id: string): SystemField | undefined {
  return BY_ID.get(id);
}

/** A name a config may use as a field id: a system field or `customfield_NNNNN`. */
export function isKnownFieldId(id: string): boolean {
  return BY_ID.has(id) || CUSTOM_FIELD_ID.test(id);
}
