// What a sync user can read to learn a site's workflows: the statuses of a project per issue type and of the
// site (Browse Projects), and the workflow graph itself (workflow search and the projects' workflow schemes),
// which Jira only shows to holders of the Administer Jira global permission. Seeds keep one workflow per
// project and issue type (`*` = the project's default); here each becomes a named classic workflow, and each
// project a workflow scheme mapping its issue types to them.
import type { EmulatorRequest, Reply } from '../http';
import { intParam, jiraError, listParam, ok } from '../http';
import type { WorkflowSeed } from '../model';
import { statusJson } from '../represent';
import type { Router } from '../router';
import type { SiteState } from '../site-state';

/** The Administer Jira global permission (its key in Jira's permission API). */
export const ADMINISTER = 'ADMINISTER';

function isAdministrator(req: EmulatorRequest): boolean {
  return req.site.config.users[req.accountId]?.globalPermissions?.includes(ADMINISTER) === true;
}

/** The name Jira shows for the workflow a project's seed keeps under `key` (an issue type name or `*`). */
export function workflowName(projectKey: string, key: string): string {
  return key === '*' ? `${projectKey}: Default workflow` : `${projectKey}: ${key} workflow`;
}

/** The status names of a workflow, in the site's status order. */
function workflowStatuses(site: SiteState, workflow: WorkflowSeed): string[] {
  const used = new Set([workflow.initial, ...workflow.transitions.flatMap((t) => [t.to, ...(t.from ?? [])])]);
  return Object.keys(site.config.statuses).filter((name) => used.has(name));
}

function statusId(site: SiteState, name: string): string {
  return site.config.statuses[name]?.id ?? '1';
}

/** Every workflow of the site, by name, with the project it belongs to. */
function allWorkflows(site: SiteState): { name: string; projectKey: string; workflow: WorkflowSeed }[] {
  const out: { name: string; projectKey: string; workflow: WorkflowSeed }[] = [];
  for (const [projectKey, project] of Object.entries(site.config.projects)) {
    for (const [key, workflow] of Object.entries(project.workflows)) {
      out.push({ name: workflowName(projectKey, key), projectKey, workflow });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function projectStatuses(req: EmulatorRequest): Reply {
  const ref = req.params.projectIdOrKey as string;
  const project = req.site.project(ref);
  if (!project || !req.site.can(project.key, req.accountId, 'BROWSE_PROJECTS')) {
    return jiraError(404, [`No project could be found with key '${ref}'.`]);
  }
  return ok(
    project.issueTypes.map((name) => {
      const id = req.site.config.issueTypes[name]?.id ?? '0';
      return {
        self: `${req.baseUrl}/rest/api/3/issueType/${id}`,
        id,
        name,
        subtask: false,
        statuses: workflowStatuses(req.site, req.site.workflow(project.key, name)).map((s) =>
          statusJson(req.site, req.baseUrl, s),
        ),
      };
    }),
  );
}

/** `GET /rest/api/3/status`: the statuses of active workflows in projects the user may browse. */
function siteStatuses(req: EmulatorRequest): Reply {
  const used = new Set<string>();
  for (const [key, project] of Object.entries(req.site.config.projects)) {
    if (!req.site.can(key, req.accountId, 'BROWSE_PROJECTS')) continue;
    for (const type of project.issueTypes)
      for (const s of workflowStatuses(req.site, req.site.workflow(key, type))) used.add(s);
  }
  return ok(
    Object.keys(req.site.config.statuses)
      .filter((s) => used.has(s))
      .map((s) => statusJson(req.site, req.baseUrl, s)),
  );
}

function workflowJson(
  site: SiteState,
  entry: { name: string; workflow: WorkflowSeed },
  expand: Set<string>,
): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: { name: entry.name, entityId: `emulated-${Buffer.from(entry.name).toString('hex').slice(0, 24)}` },
    description: '',
  };
  if (expand.has('transitions')) {
    json.transitions = [
      // Every classic workflow starts with the initial transition (Create) into its initial status.
      {
        id: '1',
        name: 'Create',
        description: '',
        from: [],
        to: statusId(site, entry.workflow.initial),
        type: 'initial',
      },
      ...entry.workflow.transitions.map((t) => ({
        id: t.id,
        name: t.name,
        description: '',
        from: (t.from ?? []).map((s) => statusId(site, s)),
        to: statusId(site, t.to),
        type: t.from ? 'directed' : 'global',
      })),
    ];
  }
  if (expand.has('statuses')) {
    json.statuses = workflowStatuses(site, entry.workflow).map((name) => ({
      id: statusId(site, name),
      name,
      properties: {},
    }));
  }
  if (expand.has('default')) json.isDefault = false;
  return json;
}

function workflowSearch(req: EmulatorRequest): Reply {
  if (!isAdministrator(req)) return jiraError(403, ['Only Jira administrators can access workflows.']);
  const names = req.query.getAll('workflowName');
  const expand = new Set(listParam(req.query, 'expand') ?? []);
  const matching = allWorkflows(req.site).filter((w) => names.length === 0 || names.includes(w.name));
  const startAt = Math.max(0, intParam(req.query, 'startAt', 0));
  const maxResults = Math.max(1, Math.min(50, intParam(req.query, 'maxResults', 50)));
  const page = matching.slice(startAt, startAt + maxResults);
  return ok({
    isLast: startAt + page.length >= matching.length,
    maxResults,
    startAt,
    total: matching.length,
    values: page.map((w) => workflowJson(req.site, w, expand)),
  });
}

function schemeAssociations(req: EmulatorRequest): Reply {
  if (!isAdministrator(req)) {
    return jiraError(403, ['Only Jira administrators can access workflow scheme associations.']);
  }
  const ids = listParam(req.query, 'projectId') ?? [];
  if (ids.length === 0) return jiraError(400, [], { projectId: 'The ID of a project has to be provided.' });
  const values: Record<string, unknown>[] = [];
  // Unknown projects are ignored, as Jira does.
  for (const [key, project] of Object.entries(req.site.config.projects)) {
    if (!ids.includes(project.id)) continue;
    const schemeId = 10000 + Number(project.id.replace(/\D/g, '') || '0');
    const issueTypeMappings: Record<string, string> = {};
    for (const type of Object.keys(project.workflows)) {
      const id = req.site.config.issueTypes[type]?.id;
      if (type !== '*' && id) issueTypeMappings[id] = workflowName(key, type);
    }
    values.push({
      projectIds: [project.id],
      workflowScheme: {
        id: schemeId,
        name: `${key}: Workflow scheme`,
        description: '',
        defaultWorkflow: project.workflows['*'] ? workflowName(key, '*') : 'jira',
        issueTypeMappings,
        self: `${req.baseUrl}/rest/api/3/workflowscheme/${schemeId}`,
      },
    });
  }
  return ok({ values });
}

/** Jira's status category keys in the newer workflow APIs. */
const CATEGORY_CODE = { new: 'TODO', indeterminate: 'IN_PROGRESS', done: 'DONE' } as const;

/** One workflow in the shape of the newer workflow APIs (JiraWorkflow): statuses and links by status id. */
function jiraWorkflowJson(site: SiteState, entry: { name: string; workflow: WorkflowSeed }) {
  const ref = (name: string) => statusId(site, name);
  return {
    id: `emulated-${Buffer.from(entry.name).toString('hex').slice(0, 24)}`,
    name: entry.name,
    description: '',
    scope: { type: 'GLOBAL' },
    version: { id: `emulated-version-${entry.name.length}`, versionNumber: 1 },
    isEditable: false,
    statuses: workflowStatuses(site, entry.workflow).map((name) => ({
      statusReference: ref(name),
      properties: {},
      deprecated: false,
    })),
    transitions: [
      {
        id: '1',
        name: 'Create',
        description: '',
        type: 'INITIAL',
        toStatusReference: ref(entry.workflow.initial),
        links: [],
        actions: [],
        validators: [],
        triggers: [],
        properties: {},
      },
      ...entry.workflow.transitions.map((t) => ({
        id: t.id,
        name: t.name,
        description: '',
        type: t.from ? 'DIRECTED' : 'GLOBAL',
        toStatusReference: ref(t.to),
        links: (t.from ?? []).map((s) => ({ fromStatusReference: ref(s) })),
        actions: [],
        validators: [],
        triggers: [],
        properties: {},
      })),
    ],
  };
}

/**
 * `POST /rest/api/3/workflows` (Bulk get workflows), the successor of workflow search: workflows by name or by
 * project and issue type. Company-managed workflows need Administer Jira; the spec documents no 403 for it, so
 * the emulator answers as Jira's other admin operations do.
 */
function readWorkflows(req: EmulatorRequest): Reply {
  if (!isAdministrator(req)) return jiraError(403, ['Only Jira administrators can access workflows.']);
  const body = (req.body ?? {}) as {
    projectAndIssueTypes?: { projectId?: string; issueTypeId?: string }[];
    workflowNames?: string[];
  };
  const wanted = new Set(body.workflowNames ?? []);
  for (const pair of body.projectAndIssueTypes ?? []) {
    const project = req.site.project(String(pair.projectId ?? ''));
    const type = req.site.issueTypeByIdOrName(String(pair.issueTypeId ?? ''));
    if (!project || !type || !project.issueTypes.includes(type.name)) continue;
    const key = project.workflows[type.name] ? type.name : '*';
    wanted.add(workflowName(project.key, key));
  }
  const workflows = allWorkflows(req.site).filter((w) => wanted.has(w.name));
  const used = new Set(workflows.flatMap((w) => workflowStatuses(req.site, w.workflow)));
  return ok({
    workflows: workflows.map((w) => jiraWorkflowJson(req.site, w)),
    statuses: Object.entries(req.site.config.statuses)
      .filter(([name]) => used.has(name))
      .map(([name, s]) => ({
        id: s.id,
        statusReference: s.id,
        name,
        statusCategory: CATEGORY_CODE[s.category],
        scope: { type: 'GLOBAL' },
      })),
  });
}

export function addWorkflowRoutes(router: Router): void {
  router.add('POST', '/rest/api/3/workflows', readWorkflows);
  router.add('GET', '/rest/api/3/project/{projectIdOrKey}/statuses', projectStatuses);
  router.add('GET', '/rest/api/3/status', siteStatuses);
  router.add('GET', '/rest/api/3/workflow/search', workflowSearch);
  router.add('GET', '/rest/api/3/workflowscheme/project', schemeAssociations);
}
