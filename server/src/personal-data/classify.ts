// Which fields carry personal data (DESIGN.md §1): user fields by id (system fields) or by their custom
// field type in the site's metadata snapshot; free text, whose content we cannot see; everything else.
import { CUSTOM_FIELD_ID, systemField } from '../config/system-fields';
import type { LoadedSnapshot, SnapshotField, SnapshotLookup } from './snapshot';

/** Custom field types whose values identify people. */
export const USER_CUSTOM_FIELD_TYPES: Readonly<Record<string, string>> = {
  'com.atlassian.jira.plugin.system.customfieldtypes:userpicker': 'user picker',
  'com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker': 'multi-user picker',
  'com.atlassian.jira.plugin.system.customfieldtypes:people': 'people field',
  'com.atlassian.servicedesk:sd-request-participants': 'request participants field',
  'com.atlassian.servicedesk.approvals-plugin:sd-approvals': 'approvers field',
};

/** Custom field types that hold free text. */
export const TEXT_CUSTOM_FIELD_TYPES: Readonly<Record<string, string>> = {
  'com.atlassian.jira.plugin.system.customfieldtypes:textfield': 'text field',
  'com.atlassian.jira.plugin.system.customfieldtypes:textarea': 'paragraph field',
  'com.atlassian.jira.plugin.system.customfieldtypes:url': 'URL field',
};

export type FieldClassKind = 'user' | 'free-text' | 'other' | 'unknown';

export interface FieldClass {
  id: string;
  kind: FieldClassKind;
  /** The name on screen, when we know it (system fields, or the snapshot). */
  name?: string;
  /** What kind of field it is in words ("user picker"), for messages. */
  typeLabel?: string;
  /** Where the classification comes from. */
  from: 'system' | 'snapshot' | 'none';
  /** For `unknown`: no snapshot of the site, or a snapshot that does not list the field. */
  unknownReason?: 'no-snapshot' | 'not-in-snapshot' | 'unreadable-snapshot';
}

function classifyCustom(id: string, field: SnapshotField): FieldClass {
  const custom = field.schema?.custom ?? '';
  const userLabel = USER_CUSTOM_FIELD_TYPES[custom];
  const of = (kind: FieldClassKind, typeLabel: string | undefined): FieldClass => ({
    id,
    kind,
    name: field.name,
    typeLabel,
    from: 'snapshot',
  });
  if (userLabel) return of('user', userLabel);
  // Apps add their own user fields: Jira still types them as `user` (or an array of `user`).
  if (field.schema?.type === 'user' || field.schema?.items === 'user') return of('user', 'user field');
  const textLabel = TEXT_CUSTOM_FIELD_TYPES[custom];
  if (textLabel) return of('free-text', textLabel);
  if (field.schema?.type === 'string' && !custom.includes(':select') && !custom.includes(':radio')) {
    return of('free-text', 'text field');
  }
  return of('other', field.schema?.type);
}

// Classifications are immutable and a loaded snapshot is reused while its file is unchanged, so each custom
// field is classified once per snapshot, not once per keystroke.
const classified = new WeakMap<LoadedSnapshot, Map<string, FieldClass>>();

/** Classifies one field id of one site; `snapshot` is that site's metadata snapshot lookup. */
export function classifyField(id: string, snapshot: SnapshotLookup | undefined): FieldClass {
  const system = systemField(id);
  if (system) {
    const kind: FieldClassKind = system.personalData ? 'user' : system.freeText ? 'free-text' : 'other';
    return {
      id,
      kind,
      name: system.name,
      from: 'system',
      typeLabel: system.kind === 'users' ? 'user list' : undefined,
    };
  }
  // Voters are people too; a config cannot map them today (`unknown-field`), but the rules stay right if it can.
  if (id === 'voters') return { id, kind: 'user', name: 'Voters', from: 'system', typeLabel: 'user list' };
  if (!CUSTOM_FIELD_ID.test(id)) return { id, kind: 'other', from: 'none' };
  if (snapshot?.state === 'loaded') {
    let known = classified.get(snapshot.loaded);
    if (!known) classified.set(snapshot.loaded, (known = new Map()));
    const cached = known.get(id);
    if (cached) return cached;
    const field = snapshot.loaded.fieldsById.get(id);
    if (field) {
      const result = classifyCustom(id, field);
      known.set(id, result);
      return result;
    }
    return { id, kind: 'unknown', from: 'none', unknownReason: 'not-in-snapshot' };
  }
  return {
    id,
    kind: 'unknown',
    from: 'none',
    unknownReason: snapshot?.state === 'unreadable' ? 'unreadable-snapshot' : 'no-snapshot',
  };
}

function withArticle(label: string): string {
  return `${/^[aeio]/.test(label) ? 'an' : 'a'} ${label}`;
}

/** "`assignee` (Assignee)", "`customfield_10010` (Customer contact, a user picker)". */
export function describeField(field: FieldClass): string {
  const details = [
    field.name,
    field.typeLabel && field.from === 'snapshot' ? withArticle(field.typeLabel) : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return details ? `\`${field.id}\` (${details})` : `\`${field.id}\``;
}
