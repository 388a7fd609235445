// Metadata snapshots (DESIGN.md §6): what `backbone-sync metadata CONFIG` fetches from each site of a config, in
// the shape of schemas/metadata-snapshot.schema.json: fields with their schema types, the projects the config
// names with their issue types, create-screen fields (with `required`), statuses and workflow transitions.
// No users: no names, emails, avatars or account IDs.
//
// Statuses per issue type come from `project/{key}/statuses` (Browse Projects). The workflow graph (transitions
// and the initial status) needs workflow search and the projects' workflow schemes, which Jira shows only to
// holders of the Administer Jira global permission: without it the snapshot keeps the statuses, omits the
// transitions, and says so (`workflows: 'forbidden'`), so that the checks that need them stay quiet.
import type { SyncConfig } from '../config/model';
import type { JiraSite } from '../jira/client';
import { JiraRequestError } from '../jira/errors';

interface StatusRef {
  id: string;
  name: string;
}

export interface MetadataSnapshot {
  version: 1;
  sync: string;
  site: { name: string; url: string };
  fetchedAt: string;
  fields: { id: string; name: string; custom: boolean; schema?: Record<string, unknown> }[];
  projects: {
    id?: string;
    key: string;
    name?: string;
    issueTypes: {
      id: string;
      name: string;
      subtask?: boolean;
      createFields?: {
        id: string;
        name?: string;
        required: boolean;
        hasDefaultValue?: boolean;
        schema?: Record<string, unknown>;
      }[];
      statuses?: StatusRef[];
      transitions?: { id: string; name: string; from: StatusRef[]; to: StatusRef }[];
      initialStatus?: StatusRef;
    }[];
  }[];
  statuses?: { id: string; name: string; category?: string }[];
}

/** How far a snapshot knows the workflows: `forbidden` = the sync user lacks Administer Jira. */
export type WorkflowsFetched = 'fetched' | 'forbidden' | 'unavailable';

export interface SiteMetadataResult {
  snapshot: MetadataSnapshot;
  workflows: WorkflowsFetched;
}

/** Reads an endpoint a site may not offer or not show this user: undefined on 403/404/405. */
async function optional<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (
      error instanceof JiraRequestError &&
      (error.status === 404 || error.status === 405 || error.status === 403)
    )
      return undefined;
    throw error;
  }
}

function schemaOf(value: unknown): Record<string, unknown> | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const s = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of ['type', 'items', 'system', 'custom', 'customId'])
    if (s[key] !== undefined) out[key] = s[key];
  return typeof out.type === 'string' ? out : undefined;
}

const CATEGORY: Record<string, string> = { new: 'new', indeterminate: 'indeterminate', done: 'done' };

/** Fetches the snapshot of one site for the projects of the config on it. */
export async function fetchSiteMetadata(
  config: SyncConfig,
  siteName: string,
  site: JiraSite,
  now = new Date(),
): Promise<MetadataSnapshot> {
  return (await fetchSiteMetadataWithWorkflows(config, siteName, site, now)).snapshot;
}

/** The snapshot of one site, and whether its workflows (transitions, initial statuses) could be read. */
export async function fetchSiteMetadataWithWorkflows(
  config: SyncConfig,
  siteName: string,
  site: JiraSite,
  now = new Date(),
): Promise<SiteMetadataResult> {
  const projectKeys = [
    ...new Set([config.source, config.target].filter((p) => p.site === siteName).map((p) => p.project)),
  ];
  const rawFields = await site.request<{ id?: string; name?: string; custom?: boolean; schema?: unknown }[]>(
    'GET',
    '/rest/api/3/field',
  );
  const fields = (Array.isArray(rawFields) ? rawFields : [])
    .filter(
      (f): f is { id: string; name?: string; custom?: boolean; schema?: unknown } => typeof f.id === 'string',
    )
    .map((f) => {
      const schema = schemaOf(f.schema);
      return { id: f.id, name: f.name ?? f.id, custom: f.custom === true, ...(schema ? { schema } : {}) };
    });

  const siteStatuses = await optional(() =>
    site.request<{ id?: string; name?: string; statusCategory?: { key?: string } }[]>(
      'GET',
      '/rest/api/3/status',
    ),
  );
  const statuses = (siteStatuses ?? [])
    .filter((s) => typeof s.id === 'string' && typeof s.name === 'string')
    .map((s) => ({
      id: s.id as string,
      name: s.name as string,
      ...(s.statusCategory?.key && CATEGORY[s.statusCategory.key]
        ? { category: CATEGORY[s.statusCategory.key] }
        : {}),
    }));

  const statusNames = new Map(statuses.map((s) => [s.id, s.name]));
  let workflows: WorkflowsFetched = 'fetched';
  const projects: MetadataSnapshot['projects'] = [];
  for (const key of projectKeys) {
    const project = await site.request<{
      id?: string;
      key?: string;
      name?: string;
      issueTypes?: { id?: string; name?: string; subtask?: boolean }[];
    }>('GET', `/rest/api/3/project/${encodeURIComponent(key)}`);
    const perType = await optional(() =>
      site.request<{ id?: string; name?: string; statuses?: { id?: string; name?: string }[] }[]>(
        'GET',
        `/rest/api/3/project/${encodeURIComponent(key)}/statuses`,
      ),
    );
    const graph =
      workflows === 'forbidden' || project.id === undefined
        ? undefined
        : await workflowGraphs(site, String(project.id), statusNames);
    if (graph === 'forbidden') workflows = 'forbidden';
    else if (graph === undefined && workflows === 'fetched') workflows = 'unavailable';
    const issueTypes: MetadataSnapshot['projects'][number]['issueTypes'] = [];
    for (const type of project.issueTypes ?? []) {
      if (typeof type.id !== 'string' || typeof type.name !== 'string') continue;
      const createFields = await createScreen(site, key, type.id);
      const typeStatuses = perType
        ?.find((t) => t.id === type.id || t.name === type.name)
        ?.statuses?.filter((s): s is StatusRef => typeof s.id === 'string' && typeof s.name === 'string')
        .map((s) => ({ id: s.id, name: s.name }));
      const workflow = graph && graph !== 'forbidden' ? graph(type.id) : undefined;
      issueTypes.push({
        id: type.id,
        name: type.name,
        ...(type.subtask !== undefined ? { subtask: type.subtask } : {}),
        ...(createFields ? { createFields } : {}),
        ...(typeStatuses || workflow ? { statuses: typeStatuses ?? workflow?.statuses ?? [] } : {}),
        ...(workflow ? { transitions: workflow.transitions } : {}),
        ...(workflow?.initialStatus ? { initialStatus: workflow.initialStatus } : {}),
      });
    }
    projects.push({
      ...(project.id ? { id: String(project.id) } : {}),
      key: project.key ?? key,
      ...(project.name ? { name: project.name } : {}),
      issueTypes,
    });
  }
  const snapshot: MetadataSnapshot = {
    version: 1,
    sync: config.name,
    site: { name: siteName, url: site.baseUrl },
    fetchedAt: now.toISOString(),
    fields,
    projects,
    ...(statuses.length > 0 ? { statuses } : {}),
  };
  return { snapshot, workflows: projectKeys.length === 0 ? 'fetched' : workflows };
}

interface WorkflowGraph {
  statuses: StatusRef[];
  transitions: { id: string; name: string; from: StatusRef[]; to: StatusRef }[];
  initialStatus?: StatusRef;
}

interface RawWorkflow {
  id?: { name?: string };
  statuses?: { id?: string; name?: string }[];
  transitions?: { id?: string; name?: string; from?: string[]; to?: string; type?: string }[];
}

/** A workflow as bulk get workflows (`POST /rest/api/3/workflows`) returns it: ends are status references. */
interface RawJiraWorkflow {
  name?: string;
  statuses?: { statusReference?: string }[];
  transitions?: {
    id?: string;
    name?: string;
    type?: string;
    toStatusReference?: string;
    links?: { fromStatusReference?: string | null }[];
  }[];
}

/**
 * The workflow of each issue type of one project, from its workflow scheme and workflow search: a lookup by
 * issue type id (undefined for a type whose workflow was not found), `forbidden` when the user may not read
 * workflows (403), undefined when the site does not offer them or the project has no classic scheme.
 * Atlassian's spec says workflow search is removed on June 1, 2026, for bulk get workflows: where it answers
 * 404/405/410, the same workflows are read from its successor by name.
 */
async function workflowGraphs(
  site: JiraSite,
  projectId: string,
  siteStatusNames: ReadonlyMap<string, string>,
): Promise<((issueTypeId: string) => WorkflowGraph | undefined) | 'forbidden' | undefined> {
  let forbidden = false;
  const read = async <T>(method: string, path: string, body: unknown, query?: Record<string, string>) => {
    try {
      return await site.request<T>(method, path, body, query);
    } catch (error) {
      if (error instanceof JiraRequestError && error.status === 403) forbidden = true;
      else if (!(error instanceof JiraRequestError && [404, 405, 410].includes(error.status))) throw error;
      return undefined;
    }
  };
  const schemes = await read<{
    values?: {
      projectIds?: string[];
      workflowScheme?: { defaultWorkflow?: string; issueTypeMappings?: Record<string, string> };
    }[];
  }>('GET', '/rest/api/3/workflowscheme/project', undefined, { projectId });
  if (forbidden) return 'forbidden';
  // Team-managed projects are left out of the answer: their workflows are not classic ones.
  const scheme = schemes?.values?.find((v) => v.projectIds?.map(String).includes(projectId))?.workflowScheme;
  if (!scheme) return undefined;
  const mappings = scheme.issueTypeMappings ?? {};
  const defaultWorkflow = scheme.defaultWorkflow ?? 'jira';
  const names = [...new Set([defaultWorkflow, ...Object.values(mappings)])];
  const byName = new Map<string, WorkflowGraph>();
  // One search per workflow name: Jira reads `workflowName` as a repeated parameter, and the names may hold commas.
  for (const name of names) {
    const page = await read<{ values?: RawWorkflow[] }>('GET', '/rest/api/3/workflow/search', undefined, {
      workflowName: name,
      expand: 'transitions,statuses',
    });
    if (forbidden) return 'forbidden';
    if (!page) {
      byName.clear();
      break;
    }
    for (const raw of page.values ?? [])
      if (raw.id?.name === name) byName.set(name, graphOf(raw, siteStatusNames));
  }
  if (byName.size === 0) {
    const bulk = await read<{
      workflows?: RawJiraWorkflow[];
      statuses?: { id?: string; name?: string; statusReference?: string }[];
    }>('POST', '/rest/api/3/workflows', { workflowNames: names });
    if (forbidden) return 'forbidden';
    if (!bulk) return undefined;
    const statusNames = new Map(siteStatusNames);
    for (const s of bulk.statuses ?? []) {
      if (typeof s.name !== 'string') continue;
      for (const ref of [s.statusReference, s.id]) if (typeof ref === 'string') statusNames.set(ref, s.name);
    }
    for (const raw of bulk.workflows ?? [])
      if (raw.name && names.includes(raw.name)) byName.set(raw.name, graphOfBulk(raw, statusNames));
  }
  return (issueTypeId) => byName.get(mappings[issueTypeId] ?? defaultWorkflow);
}

/** One workflow of bulk get workflows in the snapshot's shape. */
function graphOfBulk(raw: RawJiraWorkflow, statusNames: ReadonlyMap<string, string>): WorkflowGraph {
  const ref = (id: string): StatusRef => ({ id, name: statusNames.get(id) ?? id });
  const statuses = (raw.statuses ?? [])
    .map((s) => s.statusReference)
    .filter((s): s is string => typeof s === 'string')
    .map(ref);
  const graph: WorkflowGraph = { statuses, transitions: [] };
  for (const t of raw.transitions ?? []) {
    if (typeof t.toStatusReference !== 'string' || typeof t.id !== 'string') continue;
    if (t.type === 'INITIAL') {
      graph.initialStatus = ref(t.toStatusReference);
      continue;
    }
    const from = (t.links ?? [])
      .map((l) => l.fromStatusReference)
      .filter((s): s is string => typeof s === 'string')
      .map(ref);
    // A directed transition without links starts nowhere; an empty `from` would wrongly make it global.
    if (t.type !== 'GLOBAL' && from.length === 0) continue;
    graph.transitions.push({
      id: t.id,
      name: t.name ?? t.id,
      from: t.type === 'GLOBAL' ? [] : from,
      to: ref(t.toStatusReference),
    });
  }
  return graph;
}

/** One workflow in the snapshot's shape; transition ends are status ids in Jira's answer. */
function graphOf(raw: RawWorkflow, siteStatusNames: ReadonlyMap<string, string>): WorkflowGraph {
  const names = new Map(siteStatusNames);
  for (const s of raw.statuses ?? [])
    if (typeof s.id === 'string' && typeof s.name === 'string') names.set(s.id, s.name);
  const ref = (id: string): StatusRef => ({ id, name: names.get(id) ?? id });
  const statuses = (raw.statuses ?? [])
    .filter((s): s is StatusRef => typeof s.id === 'string' && typeof s.name === 'string')
    .map((s) => ({ id: s.id, name: s.name }));
  const graph: WorkflowGraph = { statuses, transitions: [] };
  for (const t of raw.transitions ?? []) {
    if (typeof t.to !== 'string' || typeof t.id !== 'string') continue;
    if (t.type === 'initial') {
      graph.initialStatus = ref(t.to);
      continue;
    }
    // A global transition starts from any status: the snapshot's empty `from`.
    const from = t.type === 'global' ? [] : (t.from ?? []).map(ref);
    graph.transitions.push({ id: t.id, name: t.name ?? t.id, from, to: ref(t.to) });
  }
  return graph;
}

async function createScreen(site: JiraSite, project: string, issueTypeId: string) {
  const out: NonNullable<MetadataSnapshot['projects'][number]['issueTypes'][number]['createFields']> = [];
  for (let startAt = 0; ;) {
    const page = await optional(() =>
      site.request<{ fields?: unknown[]; results?: unknown[]; total?: number }>(
        'GET',
        `/rest/api/3/issue/createmeta/${encodeURIComponent(project)}/issuetypes/${encodeURIComponent(issueTypeId)}`,
        undefined,
        { startAt, maxResults: 200 },
      ),
    );
    if (!page) return out.length > 0 ? out : undefined;
    const list = (page.fields ?? page.results ?? []) as {
      fieldId?: string;
      key?: string;
      name?: string;
      required?: boolean;
      hasDefaultValue?: boolean;
      schema?: unknown;
    }[];
    for (const f of list) {
      const id = f.fieldId ?? f.key;
      if (!id) continue;
      const schema = schemaOf(f.schema);
      out.push({
        id,
        ...(f.name ? { name: f.name } : {}),
        required: f.required === true,
        ...(f.hasDefaultValue !== undefined ? { hasDefaultValue: f.hasDefaultValue } : {}),
        ...(schema ? { schema } : {}),
      });
    }
    startAt += list.length;
    if (list.length === 0 || startAt >= (page.total ?? 0)) return out;
  }
}
