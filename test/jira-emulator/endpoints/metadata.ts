// What a client reads to plan a sync: fields, create/edit metadata (the screens), projects, the
// caller's permissions, and serverInfo (answered without authentication, as Jira does).
import type { FieldDefinition } from '../fields-catalog';
import { fieldCatalog } from '../fields-catalog';
import type { EmulatorRequest, Reply } from '../http';
import { intParam, issueNotFound, jiraError, listParam, ok } from '../http';
import { issueTypeJson, priorityJson, projectJson } from '../represent';
import type { Router } from '../router';
import type { SiteState } from '../site-state';

/** Jira's project permissions with their ids and names (global ones are not modelled). */
export const PERMISSIONS: Record<string, { id: string; name: string }> = {
  BROWSE_PROJECTS: { id: '10', name: 'Browse Projects' },
  CREATE_ISSUES: { id: '11', name: 'Create Issues' },
  EDIT_ISSUES: { id: '12', name: 'Edit Issues' },
  ASSIGN_ISSUES: { id: '13', name: 'Assign Issues' },
  RESOLVE_ISSUES: { id: '14', name: 'Resolve Issues' },
  ADD_COMMENTS: { id: '15', name: 'Add Comments' },
  DELETE_ISSUES: { id: '16', name: 'Delete Issues' },
  ASSIGNABLE_USER: { id: '17', name: 'Assignable User' },
  CLOSE_ISSUES: { id: '18', name: 'Close Issues' },
  CREATE_ATTACHMENTS: { id: '19', name: 'Create Attachments' },
  WORK_ON_ISSUES: { id: '20', name: 'Work On Issues' },
  LINK_ISSUES: { id: '21', name: 'Link Issues' },
  ADMINISTER_PROJECTS: { id: '23', name: 'Administer Projects' },
  MOVE_ISSUES: { id: '25', name: 'Move Issues' },
  MODIFY_REPORTER: { id: '30', name: 'Modify Reporter' },
  VIEW_VOTERS_AND_WATCHERS: { id: '31', name: 'View Voters and Watchers' },
  MANAGE_WATCHERS: { id: '32', name: 'Manage Watchers' },
  EDIT_ALL_COMMENTS: { id: '34', name: 'Edit All Comments' },
  EDIT_OWN_COMMENTS: { id: '35', name: 'Edit Own Comments' },
  DELETE_ALL_COMMENTS: { id: '36', name: 'Delete All Comments' },
  DELETE_OWN_COMMENTS: { id: '37', name: 'Delete Own Comments' },
  TRANSITION_ISSUES: { id: '46', name: 'Transition Issues' },
};

function operationsOf(field: FieldDefinition): string[] {
  if (field.kind === 'labels' || field.kind === 'users' || field.kind === 'versions')
    return ['add', 'set', 'remove'];
  return ['set'];
}

/** One field's create/edit metadata (FieldMetadata; `withFieldId` for the createmeta page form). */
function fieldMeta(
  site: SiteState,
  baseUrl: string,
  projectKey: string,
  field: FieldDefinition,
  required: boolean,
  withFieldId: boolean,
) {
  const meta: Record<string, unknown> = { required, schema: field.schema, name: field.name, key: field.id };
  if (withFieldId) meta.fieldId = field.id;
  if (field.kind === 'user' || field.kind === 'users' || field.kind === 'reporter') {
    meta.autoCompleteUrl = `${baseUrl}/rest/api/3/user/search?query=`;
  }
  meta.hasDefaultValue = false;
  meta.operations = operationsOf(field);
  if (field.kind === 'priority')
    meta.allowedValues = Object.keys(site.priorities()).map((p) => priorityJson(site, baseUrl, p));
  if (field.kind === 'select') {
    meta.allowedValues = (field.options ?? []).map((value, i) => ({
      self: `${baseUrl}/rest/api/3/customFieldOption/${10100 + i}`,
      value,
      id: String(10100 + i),
    }));
  }
  if (field.kind === 'project') meta.allowedValues = [projectJson(site, baseUrl, projectKey)];
  return meta;
}

function projectNotFound(key: string): Reply {
  return jiraError(404, [`No project could be found with key '${key}'.`]);
}

/** The project if the user may browse it (Jira answers 404 otherwise). */
function visibleProject(req: EmulatorRequest, keyOrId: string) {
  const project = req.site.project(keyOrId);
  return project && req.site.can(project.key, req.accountId, 'BROWSE_PROJECTS') ? project : undefined;
}

function createMetaTypes(req: EmulatorRequest): Reply {
  const ref = req.params.projectIdOrKey as string;
  const project = visibleProject(req, ref);
  if (!project) return jiraError(400, [`No project could be found with key '${ref}'.`]);
  const startAt = Math.max(0, intParam(req.query, 'startAt', 0));
  const maxResults = Math.max(1, intParam(req.query, 'maxResults', 50));
  const types = req.site.can(project.key, req.accountId, 'CREATE_ISSUES') ? project.issueTypes : [];
  const page = types.slice(startAt, startAt + maxResults).map((t) => {
    const { avatarId: _avatar, hierarchyLevel: _level, ...json } = issueTypeJson(req.site, req.baseUrl, t);
    return json;
  });
  return ok({ issueTypes: page, maxResults, startAt, total: types.length });
}

function createMetaFields(req: EmulatorRequest): Reply {
  const ref = req.params.projectIdOrKey as string;
  const project = visibleProject(req, ref);
  if (!project) return jiraError(400, [`No project could be found with key '${ref}'.`]);
  const type = req.site.issueTypeByIdOrName(req.params.issueTypeId as string);
  if (
    !type ||
    !project.issueTypes.includes(type.name) ||
    !req.site.can(project.key, req.accountId, 'CREATE_ISSUES')
  ) {
    return jiraError(400, ['The issue type selected is invalid.']);
  }
  const screen = req.site.screen(project.key, type.name);
  const catalog = fieldCatalog(req.site.config);
  const required = new Set(['summary', 'project', 'issuetype', ...(screen.required ?? [])]);
  const ids = [
    'issuetype',
    'project',
    ...screen.create.filter((id) => id !== 'project' && id !== 'issuetype'),
  ];
  const fields = ids
    .map((id) => catalog.get(id))
    .filter((f): f is FieldDefinition => f !== undefined)
    .map((f) => {
      const meta = fieldMeta(req.site, req.baseUrl, project.key, f, required.has(f.id), true);
      if (f.id === 'issuetype') meta.allowedValues = [issueTypeJson(req.site, req.baseUrl, type.name)];
      return meta;
    });
  const startAt = Math.max(0, intParam(req.query, 'startAt', 0));
  const maxResults = Math.max(1, intParam(req.query, 'maxResults', 50));
  return ok({
    fields: fields.slice(startAt, startAt + maxResults),
    maxResults,
    startAt,
    total: fields.length,
  });
}

function editMeta(req: EmulatorRequest): Reply {
  const issue = req.site.visibleIssue(req.params.issueIdOrKey as string, req.accountId);
  if (!issue) return issueNotFound();
  if (!req.site.can(issue.projectKey, req.accountId, 'EDIT_ISSUES')) return ok({ fields: {} });
  const screen = req.site.screen(issue.projectKey, issue.issueType);
  const catalog = fieldCatalog(req.site.config);
  const required = new Set(['summary', ...(screen.required ?? [])]);
  const fields: Record<string, unknown> = {};
  for (const id of screen.edit) {
    const field = catalog.get(id);
    if (field)
      fields[id] = fieldMeta(req.site, req.baseUrl, issue.projectKey, field, required.has(id), false);
  }
  return ok({ fields });
}

function myPermissions(req: EmulatorRequest): Reply {
  const keys = listParam(req.query, 'permissions');
  if (!keys || keys.length === 0) return jiraError(400, ['The permissions query parameter is required.']);
  const unknown = keys.filter((k) => !PERMISSIONS[k]);
  if (unknown.length > 0) return jiraError(400, [`Unrecognized permission keys: ${unknown.join(', ')}`]);
  let projectKey: string | undefined;
  const projectRef = req.query.get('projectKey') ?? req.query.get('projectId');
  const issueRef = req.query.get('issueKey') ?? req.query.get('issueId');
  if (projectRef) {
    const project = visibleProject(req, projectRef);
    if (!project) return projectNotFound(projectRef);
    projectKey = project.key;
  } else if (issueRef) {
    const issue = req.site.visibleIssue(issueRef, req.accountId);
    if (!issue) return issueNotFound();
    projectKey = issue.projectKey;
  }
  const held = (key: string) =>
    projectKey
      ? req.site.can(projectKey, req.accountId, key)
      : Object.keys(req.site.config.projects).some((p) => req.site.can(p, req.accountId, key));
  const permissions: Record<string, unknown> = {};
  for (const key of keys) {
    const p = PERMISSIONS[key] as { id: string; name: string };
    permissions[key] = {
      id: p.id,
      key,
      name: p.name,
      type: 'PROJECT',
      description: `Ability to ${p.name.toLowerCase()}.`,
      havePermission: held(key),
    };
  }
  return ok({ permissions });
}

export function serverInfo(baseUrl: string): Record<string, unknown> {
  const now = new Date().toISOString().replace('Z', '+0000');
  return {
    baseUrl,
    displayUrl: baseUrl,
    version: '1001.0.0-SNAPSHOT',
    versionNumbers: [1001, 0, 0],
    deploymentType: 'Cloud',
    buildNumber: 100999,
    buildDate: '2025-11-01T00:00:00.000+0000',
    serverTime: now,
    scmInfo: 'backbone-sync-jira-emulator',
    serverTitle: 'Jira emulator (test double)',
    defaultLocale: { locale: 'en_US' },
  };
}

export function addMetadataRoutes(router: Router): void {
  router.add('GET', '/rest/api/3/field', (req) =>
    ok(
      [...fieldCatalog(req.site.config).values()].map((f) => ({
        id: f.id,
        key: f.id,
        name: f.name,
        ...(f.custom ? { untranslatedName: f.name } : {}),
        custom: f.custom,
        orderable: !f.readOnly,
        navigable: true,
        searchable: true,
        clauseNames: f.clauseNames,
        schema: f.schema,
      })),
    ),
  );
  router.add('GET', '/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes', createMetaTypes);
  router.add(
    'GET',
    '/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}',
    createMetaFields,
  );
  router.add('GET', '/rest/api/3/issue/{issueIdOrKey}/editmeta', editMeta);
  router.add('GET', '/rest/api/3/mypermissions', myPermissions);
  router.add('GET', '/rest/api/3/project/{projectIdOrKey}', (req) => {
    const ref = req.params.projectIdOrKey as string;
    const project = visibleProject(req, ref);
    return project ? ok(projectJson(req.site, req.baseUrl, project.key, true)) : projectNotFound(ref);
  });
}
