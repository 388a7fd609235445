// The typed shape of a version-1 sync config (DESIGN.md §4), as the engine and the language features read it.
// A config is only turned into this type after it validated without errors.

export type Direction = 'source-to-target' | 'target-to-source' | 'both';

export interface SiteConfig {
  url: string;
  auth?: { email?: string; token?: string };
  /** Default false: a site you do not control needs a manual deletion process. */
  underYourControl?: boolean;
}

export interface ProjectRef {
  site: string;
  project: string;
  /** Only on `source`: an optional JQL filter, without ORDER BY. */
  jql?: string;
}

export interface PersonalDataConfig {
  exchange?: boolean;
  users?: 'account-id' | 'email';
  fallbackUser?: string | null;
  retentionDays?: number;
}

/** A field mapping in object form; a plain string is a passthrough to that target field. */
export interface FieldMappingObject {
  target: string;
  direction?: Direction;
  correlate?: Record<string, string | number | boolean | null>;
  default?: string | number | boolean | null;
  prefix?: string;
  as?: 'text';
}

export type FieldMapping = string | FieldMappingObject;

export interface SyncConfig {
  version: 1;
  name: string;
  sites: Record<string, SiteConfig>;
  source: ProjectRef;
  target: ProjectRef;
  personalData?: PersonalDataConfig;
  issueTypes?: Record<string, string>;
  fields: Record<string, FieldMapping>;
  statuses?: Record<string, string>;
  comments?: { sync?: boolean };
  attachments?: { sync?: boolean };
  link?: { field?: string | null };
}

/** The target field id of a mapping, whichever form it is written in. */
export function targetOf(mapping: FieldMapping): string {
  return typeof mapping === 'string' ? mapping : mapping.target;
}
