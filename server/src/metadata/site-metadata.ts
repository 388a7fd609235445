// One site's metadata snapshot as the predictive checks read it: projects, issue types, create screens,
// workflows and fields indexed by name and id. Built once per loaded snapshot (the personal-data reader caches
// the parse by mtime and returns the same object while the file is unchanged, so a WeakMap keyed by it suffices).
import type { LoadedSnapshot, SnapshotField, SnapshotFieldSchema } from '../personal-data/snapshot';

export interface StatusRef {
  id: string;
  name: string;
}

export interface Transition {
  name: string;
  /** Status names the transition starts from; empty = a global transition (from any status). */
  from: string[];
  to: string;
}

export interface CreateField {
  id: string;
  name?: string;
  required: boolean;
  hasDefaultValue: boolean;
  schema?: SnapshotFieldSchema;
}

export interface IssueTypeMetadata {
  name: string;
  /** The create screen's fields; undefined when the snapshot does not say (then nothing is predicted from it). */
  createFields?: ReadonlyMap<string, CreateField>;
  /** The workflow's statuses; undefined when unknown. */
  statuses?: readonly string[];
  /** The workflow's transitions; undefined when unknown. */
  transitions?: readonly Transition[];
  /** The status a new issue starts in; undefined when unknown (then reachability is not predicted). */
  initialStatus?: string;
}

export interface ProjectMetadata {
  key: string;
  name?: string;
  issueTypes: ReadonlyMap<string, IssueTypeMetadata>;
  /** The union of the statuses of every issue type's workflow, or undefined when no type lists them. */
  statuses?: ReadonlySet<string>;
}

export interface SiteMetadata {
  path: string;
  url: string;
  fetchedAt: Date | undefined;
  fields: ReadonlyMap<string, SnapshotField>;
  projects: ReadonlyMap<string, ProjectMetadata>;
  /** Every status of the site (`GET /rest/api/3/status`), when listed. */
  siteStatuses?: ReadonlySet<string>;
}

type Raw = Record<string, unknown>;

function obj(value: unknown): Raw | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : undefined;
}

function list(value: unknown): Raw[] | undefined {
  return Array.isArray(value) ? value.map(obj).filter((v): v is Raw => v !== undefined) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function nameOfRef(value: unknown): string | undefined {
  return str(obj(value)?.name);
}

/**
 * The create screen of one issue type. Issue types often share a screen (screen schemes), so identical screens
 * are built once per snapshot: a big site's snapshot then costs far less memory (and garbage-collection time).
 */
function readCreateFields(
  raw: Raw[],
  screens: Map<string, Map<string, CreateField>>,
): Map<string, CreateField> {
  const signature = raw
    .map(
      (f) =>
        `${String(f.id)}${f.required === true ? '!' : ''}${f.hasDefaultValue === true ? '*' : ''}${String(f.name)}`,
    )
    .join('\n');
  const shared = screens.get(signature);
  if (shared) return shared;
  const map = new Map<string, CreateField>();
  for (const f of raw) {
    const id = str(f.id);
    if (id === undefined) continue;
    map.set(id, {
      id,
      name: str(f.name),
      required: f.required === true,
      hasDefaultValue: f.hasDefaultValue === true,
      schema: obj(f.schema) as SnapshotFieldSchema | undefined,
    });
  }
  screens.set(signature, map);
  return map;
}

function readIssueType(
  raw: Raw,
  screens: Map<string, Map<string, CreateField>>,
): IssueTypeMetadata | undefined {
  const name = str(raw.name);
  if (name === undefined) return undefined;
  const type: IssueTypeMetadata = { name };
  const createFields = list(raw.createFields);
  if (createFields) type.createFields = readCreateFields(createFields, screens);
  const statuses = list(raw.statuses);
  if (statuses) type.statuses = statuses.map((s) => str(s.name)).filter((s): s is string => s !== undefined);
  const transitions = list(raw.transitions);
  if (transitions) {
    type.transitions = transitions.flatMap((t) => {
      const to = nameOfRef(t.to);
      if (to === undefined) return [];
      const from = (Array.isArray(t.from) ? t.from : []).map(nameOfRef).filter((s): s is string => !!s);
      return [{ name: str(t.name) ?? '', from, to }];
    });
  }
  const initial = nameOfRef(raw.initialStatus);
  if (initial !== undefined) type.initialStatus = initial;
  return type;
}

function readProject(raw: Raw, screens: Map<string, Map<string, CreateField>>): ProjectMetadata | undefined {
  const key = str(raw.key);
  if (key === undefined) return undefined;
  const issueTypes = new Map<string, IssueTypeMetadata>();
  let statuses: Set<string> | undefined;
  for (const rawType of list(raw.issueTypes) ?? []) {
    const type = readIssueType(rawType, screens);
    if (!type || issueTypes.has(type.name)) continue;
    issueTypes.set(type.name, type);
    if (type.statuses) {
      statuses ??= new Set();
      for (const s of type.statuses) statuses.add(s);
    }
  }
  return { key, name: str(raw.name), issueTypes, statuses };
}

const index = new WeakMap<LoadedSnapshot, SiteMetadata>();

/** The indexed metadata of a loaded snapshot, built once per snapshot parse. */
export function siteMetadata(loaded: LoadedSnapshot): SiteMetadata {
  const cached = index.get(loaded);
  if (cached) return cached;
  const { snapshot } = loaded;
  const projects = new Map<string, ProjectMetadata>();
  const screens = new Map<string, Map<string, CreateField>>();
  for (const rawProject of list(snapshot.projects) ?? []) {
    const project = readProject(rawProject, screens);
    if (project && !projects.has(project.key)) projects.set(project.key, project);
  }
  const statuses = list(snapshot.statuses);
  const fetched = typeof snapshot.fetchedAt === 'string' ? new Date(snapshot.fetchedAt) : undefined;
  const site: SiteMetadata = {
    path: loaded.path,
    url: str(obj(snapshot.site)?.url) ?? '',
    fetchedAt: fetched && !Number.isNaN(fetched.getTime()) ? fetched : undefined,
    fields: loaded.fieldsById,
    projects,
    siteStatuses: statuses
      ? new Set(statuses.map((s) => str(s.name)).filter((s): s is string => s !== undefined))
      : undefined,
  };
  index.set(loaded, site);
  return site;
}
