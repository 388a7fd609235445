// Issues: get, create (with entity properties in the same call), bulk create, edit. Screens, required
// fields and permissions produce Jira's exact errors; every write moves `updated`.
import { checkFieldChanges, missingRequired } from '../field-values';
import type { EmulatorRequest, Reply } from '../http';
import { fieldErrors, isObject, issueNotFound, jiraError, listParam, noContent, ok } from '../http';
import type { IssueState } from '../model';
import { issueJson, selectFields } from '../represent';
import type { Router } from '../router';

const NO_EDIT = 'You do not have permission to edit issues in this project.';

/** Entity properties given in a create/edit body: `[{ key, value }]`. */
function readProperties(value: unknown): Record<string, unknown> | string {
  if (value === undefined) return {};
  if (!Array.isArray(value)) return 'properties must be an array of { key, value }.';
  const properties: Record<string, unknown> = {};
  for (const p of value) {
    if (!isObject(p) || typeof p.key !== 'string' || p.key === '' || p.key.length > 255) {
      return 'The property key must be a non-empty string of at most 255 characters.';
    }
    properties[p.key] = p.value;
  }
  return properties;
}

type CreateOutcome =
  { issue: IssueState } | { status: number; errorMessages: string[]; errors: Record<string, string> };

function failure(
  status: number,
  errorMessages: string[],
  errors: Record<string, string> = {},
): CreateOutcome {
  return { status, errorMessages, errors };
}

/** Validates and performs one create; shared by single and bulk create. */
function createOne(req: EmulatorRequest, body: unknown): CreateOutcome {
  const { site } = req;
  if (!isObject(body)) return failure(400, ['Request body is missing or is not a JSON object.']);
  const fields = isObject(body.fields) ? body.fields : {};
  const update = isObject(body.update) ? body.update : {};
  const projectRef = isObject(fields.project) ? (fields.project.key ?? fields.project.id) : undefined;
  const project = typeof projectRef === 'string' ? site.project(projectRef) : undefined;
  if (!project || !site.can(project.key, req.accountId, 'BROWSE_PROJECTS')) {
    return failure(400, [], { project: 'Specify a valid project ID or key' });
  }
  if (!site.can(project.key, req.accountId, 'CREATE_ISSUES')) {
    return failure(400, [], { project: 'You do not have permission to create issues in this project.' });
  }
  const typeRef = isObject(fields.issuetype) ? (fields.issuetype.id ?? fields.issuetype.name) : undefined;
  if (typeRef === undefined) return failure(400, [], { issuetype: 'Specify an issue type' });
  const type = typeof typeRef === 'string' ? site.issueTypeByIdOrName(typeRef) : undefined;
  if (!type || !project.issueTypes.includes(type.name)) {
    return failure(400, [], { issuetype: 'The issue type selected is invalid.' });
  }
  const properties = readProperties(body.properties);
  if (typeof properties === 'string') return failure(400, [properties]);
  const screen = site.screen(project.key, type.name);
  const onScreen = new Set(screen.create);
  const { values, errors } = checkFieldChanges(site, project.key, onScreen, fields, update, {}, [
    'project',
    'issuetype',
  ]);
  const required = missingRequired(site, ['summary', ...(screen.required ?? [])], values);
  for (const [id, message] of Object.entries(required)) errors[id] ??= message;
  if (Object.keys(errors).length > 0) return failure(400, [], errors);
  const now = site.tick();
  const issue = site.insertIssue(
    {
      projectKey: project.key,
      issueType: type.name,
      status: site.workflow(project.key, type.name).initial,
      created: now,
      updated: now,
      creator: req.accountId,
      fields: {
        labels: [],
        priority: null,
        assignee: null,
        description: null,
        reporter: req.accountId,
        ...values,
      },
      watchers: [req.accountId],
      comments: [],
      properties,
    },
    req.indexLagMs,
  );
  return { issue };
}

function created(req: EmulatorRequest, issue: IssueState): Record<string, unknown> {
  return { id: issue.id, key: issue.key, self: `${req.baseUrl}/rest/api/3/issue/${issue.id}` };
}

function createIssue(req: EmulatorRequest): Reply {
  const outcome = createOne(req, req.body);
  if ('issue' in outcome) return ok(created(req, outcome.issue), 201);
  return jiraError(outcome.status, outcome.errorMessages, outcome.errors);
}

function createIssues(req: EmulatorRequest): Reply {
  const updates =
    isObject(req.body) && Array.isArray(req.body.issueUpdates) ? req.body.issueUpdates : undefined;
  if (!updates) return jiraError(400, ['Request body is missing issueUpdates.']);
  if (updates.length > 50) return jiraError(400, ['You can create at most 50 issues in one bulk request.']);
  const issues: unknown[] = [];
  const errors: unknown[] = [];
  updates.forEach((update, index) => {
    const outcome = createOne(req, update);
    if ('issue' in outcome) issues.push(created(req, outcome.issue));
    else {
      errors.push({
        status: outcome.status,
        elementErrors: { errorMessages: outcome.errorMessages, errors: outcome.errors },
        failedElementNumber: index,
      });
    }
  });
  return ok({ issues, errors }, issues.length === 0 && errors.length > 0 ? 400 : 201);
}

function getIssue(req: EmulatorRequest): Reply {
  const issue = req.site.visibleIssue(req.params.issueIdOrKey as string, req.accountId);
  if (!issue) return issueNotFound();
  const fieldIds = selectFields(req.site, listParam(req.query, 'fields'), ['*all']);
  return ok(
    issueJson(req.site, req.baseUrl, issue, fieldIds, listParam(req.query, 'properties'), req.accountId),
  );
}

function editIssue(req: EmulatorRequest): Reply {
  const { site } = req;
  const issue = site.visibleIssue(req.params.issueIdOrKey as string, req.accountId);
  if (!issue) return issueNotFound();
  if (!isObject(req.body)) return jiraError(400, ['Request body is missing or is not a JSON object.']);
  const fields = isObject(req.body.fields) ? req.body.fields : {};
  const update = isObject(req.body.update) ? req.body.update : {};
  const properties = readProperties(req.body.properties);
  if (typeof properties === 'string') return jiraError(400, [properties]);
  if (!site.can(issue.projectKey, req.accountId, 'EDIT_ISSUES')) return jiraError(403, [NO_EDIT]);
  const screen = site.screen(issue.projectKey, issue.issueType);
  const { values, errors } = checkFieldChanges(
    site,
    issue.projectKey,
    new Set(screen.edit),
    fields,
    update,
    issue.fields,
  );
  const required = missingRequired(
    site,
    (screen.required ?? []).filter((id) => id in values),
    values,
  );
  if ('summary' in values && !values.summary) required.summary = 'You must specify a summary of the issue.';
  Object.assign(errors, required);
  if (Object.keys(errors).length > 0) return fieldErrors(errors);
  site.beforeWrite(issue, req.indexLagMs);
  Object.assign(issue.fields, values);
  Object.assign(issue.properties, properties);
  site.touch(issue);
  if (req.query.get('returnIssue') === 'true') {
    return ok(
      issueJson(site, req.baseUrl, issue, selectFields(site, undefined, ['*all']), undefined, req.accountId),
    );
  }
  return noContent();
}

/** PUT assignee: `{ accountId }` or `{ accountId: null }` to unassign. */
function assignIssue(req: EmulatorRequest): Reply {
  const { site } = req;
  const issue = site.visibleIssue(req.params.issueIdOrKey as string, req.accountId);
  if (!issue) return issueNotFound();
  if (!site.can(issue.projectKey, req.accountId, 'ASSIGN_ISSUES')) {
    return jiraError(403, ['You do not have permission to assign issues.']);
  }
  const body = isObject(req.body) ? req.body : {};
  const accountId = body.accountId;
  if (
    accountId !== null &&
    (typeof accountId !== 'string' || !site.isAssignable(issue.projectKey, accountId))
  ) {
    return fieldErrors({ assignee: `User '${String(accountId)}' cannot be assigned issues.` });
  }
  site.beforeWrite(issue, req.indexLagMs);
  issue.fields.assignee = accountId;
  site.touch(issue);
  return noContent();
}

function deleteIssue(req: EmulatorRequest): Reply {
  const issue = req.site.visibleIssue(req.params.issueIdOrKey as string, req.accountId);
  if (!issue) return issueNotFound();
  if (!req.site.can(issue.projectKey, req.accountId, 'DELETE_ISSUES')) {
    return jiraError(403, ['You do not have permission to delete issues in this project.']);
  }
  req.site.deleteIssue(issue);
  return noContent();
}

export function addIssueRoutes(router: Router): void {
  router.add('PUT', '/rest/api/3/issue/{issueIdOrKey}/assignee', assignIssue);
  router.add('DELETE', '/rest/api/3/issue/{issueIdOrKey}', deleteIssue);
  router.add('POST', '/rest/api/3/issue', createIssue);
  router.add('POST', '/rest/api/3/issue/bulk', createIssues);
  router.add('GET', '/rest/api/3/issue/{issueIdOrKey}', getIssue);
  router.add('PUT', '/rest/api/3/issue/{issueIdOrKey}', editIssue);
}
