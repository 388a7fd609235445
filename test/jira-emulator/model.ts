// The seed format (what a JSON seed file holds) and the emulator's live state built from it.
// Seeds use maps keyed by id/key/name so that a JSON merge patch from the control API can change one
// user, screen or workflow without restating the rest.

/** An Atlassian Document Format document (validated against full.json where it enters). */
export type Adf = { type: 'doc'; version: 1; content: unknown[] } & Record<string, unknown>;

export interface Seed {
  sites: Record<string, SiteSeed>;
}

export interface SiteSeed {
  /** Time zone the site's absolute JQL dates are read in when the user has none (default UTC). */
  timeZone?: string;
  /** Users by account ID. */
  users: Record<string, UserSeed>;
  /** Custom fields by id (`customfield_NNNNN`). System fields are built in. */
  fields?: Record<string, CustomFieldSeed>;
  /** Priorities by name, in rank order (highest first). A default set is used when absent. */
  priorities?: Record<string, { id: string }>;
  /** Workflow statuses by name. */
  statuses: Record<string, StatusSeed>;
  /** Issue types by name. */
  issueTypes: Record<string, IssueTypeSeed>;
  /** Projects by key. */
  projects: Record<string, ProjectSeed>;
  issues?: IssueSeed[];
}

export interface UserSeed {
  displayName: string;
  email: string;
  /** false = a closed/deactivated account. Default true. */
  active?: boolean;
  /** false = the user's profile hides the email address (Atlassian privacy setting). Default true. */
  emailVisible?: boolean;
  timeZone?: string;
  locale?: string;
  accountType?: 'atlassian' | 'app' | 'customer';
  /** The API token that authenticates this user's email with basic auth; users without one cannot log in. */
  apiToken?: string;
  /** Global permission keys: `ADMINISTER` (Administer Jira) lets the user read workflows and workflow schemes. */
  globalPermissions?: string[];
}

/** Custom field kinds, each with the schema Jira reports for it. */
export type CustomFieldKind =
  'text' | 'textarea' | 'user' | 'users' | 'number' | 'select' | 'date' | 'labels';

export interface CustomFieldSeed {
  name: string;
  kind: CustomFieldKind;
  /** Allowed values of a `select` field. */
  options?: string[];
}

export interface StatusSeed {
  id: string;
  category: 'new' | 'indeterminate' | 'done';
}

export interface IssueTypeSeed {
  id: string;
  description?: string;
}

export interface ProjectSeed {
  id: string;
  name: string;
  /** Account ID of the project lead. */
  lead: string;
  projectTypeKey?: 'software' | 'service_desk' | 'business';
  /** Issue type names available in this project. */
  issueTypes: string[];
  /** Screens per issue type name; `*` is the default for types not listed. */
  screens: Record<string, ScreenSeed>;
  /** Workflows per issue type name; `*` is the default for types not listed. */
  workflows: Record<string, WorkflowSeed>;
  /** Project permission keys per account ID; `*` applies to every account without its own entry. */
  permissions: Record<string, string[]>;
}

export interface ScreenSeed {
  /** Field ids on the create screen. */
  create: string[];
  /** Field ids on the edit screen. */
  edit: string[];
  /** Field ids that must have a value (field configuration). */
  required?: string[];
}

export interface WorkflowSeed {
  /** Status name of a newly created issue. */
  initial: string;
  transitions: TransitionSeed[];
}

export interface TransitionSeed {
  id: string;
  name: string;
  /** Status names this transition starts from; absent = a global transition (from any status). */
  from?: string[];
  to: string;
  /** Field ids on the transition screen (absent = no screen). */
  screen?: string[];
}

export interface IssueSeed {
  key: string;
  issueType: string;
  status: string;
  summary: string;
  description?: Adf | null;
  priority?: string | null;
  labels?: string[];
  assignee?: string | null;
  reporter?: string | null;
  creator?: string;
  /** ISO 8601, or relative to load time: `-3d`, `-5h`, `-20m`. */
  created: string;
  updated?: string;
  watchers?: string[];
  comments?: CommentSeed[];
  properties?: Record<string, unknown>;
  /** Other field values (custom fields, environment, duedate), in the form Jira returns them. */
  fields?: Record<string, unknown>;
}

export interface CommentSeed {
  author: string;
  body: Adf;
  created: string;
  properties?: Record<string, unknown>;
}

/** One issue as the emulator holds it. Times are epoch milliseconds. */
export interface IssueState {
  id: string;
  key: string;
  projectKey: string;
  issueType: string;
  status: string;
  created: number;
  updated: number;
  creator: string | null;
  /** Field values by field id, in Jira's output form (users as account IDs). */
  fields: Record<string, unknown>;
  watchers: string[];
  comments: CommentState[];
  properties: Record<string, unknown>;
}

export interface CommentState {
  id: string;
  author: string;
  updateAuthor: string;
  body: Adf;
  created: number;
  updated: number;
  visibility?: unknown;
  properties: Record<string, unknown>;
}
