// What completion and hover know about Jira fields, issue types and statuses. System fields come from
// config/system-fields.ts now; a later provider adds custom fields, issue types and statuses from the sites'
// metadata snapshots by implementing the same interface (and chaining to this one).
import { SYSTEM_FIELDS, systemField } from '../config/system-fields';
import type { FieldKind } from '../config/system-fields';

/** One field a config can name, as completion and hover show it. */
export interface FieldInfo {
  id: string;
  name: string;
  kind: FieldKind | string;
  personalData: boolean;
  /** Only readable: it cannot be a target. */
  sourceOnly?: boolean;
  description?: string;
  /** Where the information comes from, e.g. "Jira system field" or "snapshot of partner". */
  origin: string;
}

export type Side = 'source' | 'target';

/** The names a config may use on one side of the sync. */
export interface FieldCatalogue {
  /** The fields a config may map on a side (source fields are keys under `fields`, target fields values). */
  fields(side: Side): readonly FieldInfo[];
  /** One field by id, or undefined when unknown. */
  field(id: string, side: Side): FieldInfo | undefined;
  /** Issue type names on a side. */
  issueTypes(side: Side): readonly string[];
  /** Status names on a side. */
  statuses(side: Side): readonly string[];
}

const SYSTEM: FieldInfo[] = SYSTEM_FIELDS.map((f) => ({
  id: f.id,
  name: f.name,
  kind: f.kind,
  personalData: f.personalData,
  sourceOnly: f.sourceOnly,
  description: f.description,
  origin: 'Jira system field',
}));

// Without a metadata snapshot we can only offer the names Jira's templates create; the snapshot issue
// replaces these with each site's own names.
const COMMON_ISSUE_TYPES = ['Bug', 'Task', 'Story', 'Epic', 'Subtask', 'Service Request', 'Incident'];
const COMMON_STATUSES = ['To Do', 'Open', 'In Progress', 'In Review', 'Resolved', 'Done', 'Closed'];

/** The catalogue of Jira's system fields and the default names of Jira's project templates. */
export const systemFieldCatalogue: FieldCatalogue = {
  fields(side) {
    return side === 'source' ? SYSTEM : SYSTEM.filter((f) => !f.sourceOnly);
  },
  field(id) {
    const f = systemField(id);
    return f ? SYSTEM.find((s) => s.id === f.id) : undefined;
  },
  issueTypes() {
    return COMMON_ISSUE_TYPES;
  },
  statuses() {
    return COMMON_STATUSES;
  },
};

/** The detail line of a field in completion lists: its name, and "personal data" when it carries it. */
export function fieldDetail(field: FieldInfo): string {
  return field.personalData ? `${field.name} · personal data` : field.name;
}
