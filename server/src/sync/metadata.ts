// Metadata snapshots (DESIGN.md §6): what `backbone-sync metadata CONFIG` fetches from each site of a config, in
// the shape of schemas/metadata-snapshot.schema.json: fields with their schema types, the projects the config
// names with their issue types, create-screen fields (with `required`), statuses and workflow transitions.
// No users: no names, emails, avatars or account IDs.
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

/** Reads an endpoint a site may not offer (older sites, the emulator): undefined on 404/405. */
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
    const issueTypes: MetadataSnapshot['projects'][number]['issueTypes'] = [];
    for (const type of project.issueTypes ?? []) {
      if (typeof type.id !== 'string' || typeof type.name !== 'string') continue;
      const createFields = await createScreen(site, key, type.id);
      const typeStatuses = perType
        ?.find((t) => t.id === type.id || t.name === type.name)
        ?.statuses?.filter((s): s is StatusRef => typeof s.id === 'string' && typeof s.name === 'string')
        .map((s) => ({ id: s.id, name: s.name }));
      issueTypes.push({
        id: type.id,
        name: type.name,
        ...(type.subtask !== undefined ? { subtask: type.subtask } : {}),
        ...(createFields ? { createFields } : {}),
        ...(typeStatuses ? { statuses: typeStatuses } : {}),
      });
    }
    projects.push({
      ...(project.id ? { id: String(project.id) } : {}),
      key: project.key ?? key,
      ...(project.name ? { name: project.name } : {}),
      issueTypes,
    });
  }
  return {
    version: 1,
    sync: config.name,
    site: { name: siteName, url: site.baseUrl },
    fetchedAt: now.toISOString(),
    fields,
    projects,
    ...(statuses.length > 0 ? { statuses } : {}),
  };
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
