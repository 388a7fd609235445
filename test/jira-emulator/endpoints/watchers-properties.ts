// Watchers (list, add, remove) and issue entity properties (keys, get, set, delete). The engine's
// link to the source issue is the issue property `backbone.link`.
import type { EmulatorRequest, Reply } from '../http';
import { issueNotFound, jiraError, noContent, ok } from '../http';
import { userJson } from '../represent';
import type { Router } from '../router';

function getWatchers(req: EmulatorRequest): Reply {
  const issue = req.site.visibleIssue(req.params.issueIdOrKey as string, req.accountId);
  if (!issue) return issueNotFound();
  const mayView = req.site.can(issue.projectKey, req.accountId, 'VIEW_VOTERS_AND_WATCHERS');
  return ok({
    self: `${req.baseUrl}/rest/api/3/issue/${issue.key}/watchers`,
    isWatching: issue.watchers.includes(req.accountId),
    watchCount: issue.watchers.length,
    watchers: mayView ? issue.watchers.map((id) => userJson(req.site, req.baseUrl, id)) : [],
  });
}

/** Adding or removing someone else needs MANAGE_WATCHERS; the body/param names the account. */
function changeWatcher(req: EmulatorRequest, accountId: string | undefined, add: boolean): Reply {
  const { site } = req;
  const issue = site.visibleIssue(req.params.issueIdOrKey as string, req.accountId);
  if (!issue) return issueNotFound();
  const target = accountId ?? req.accountId;
  if (target !== req.accountId && !site.can(issue.projectKey, req.accountId, 'MANAGE_WATCHERS')) {
    return jiraError(403, ['You do not have the permission to manage the watcher list.']);
  }
  const user = site.config.users[target];
  if (!user) return jiraError(404, [`The user with account ID '${target}' does not exist.`]);
  if (add && user.active === false)
    return jiraError(400, [`The user with account ID '${target}' is inactive.`]);
  const present = issue.watchers.includes(target);
  if (add && !present) issue.watchers.push(target);
  if (!add && present) issue.watchers.splice(issue.watchers.indexOf(target), 1);
  return noContent();
}

function propertyNotFound(key: string): Reply {
  return jiraError(404, [`The property with key '${key}' does not exist.`]);
}

export function addWatcherAndPropertyRoutes(router: Router): void {
  router.add('GET', '/rest/api/3/issue/{issueIdOrKey}/watchers', getWatchers);
  router.add('POST', '/rest/api/3/issue/{issueIdOrKey}/watchers', (req) => {
    if (req.body !== undefined && typeof req.body !== 'string') {
      return jiraError(400, ['The request body must be a JSON string holding an account ID.']);
    }
    return changeWatcher(req, req.body, true);
  });
  router.add('DELETE', '/rest/api/3/issue/{issueIdOrKey}/watchers', (req) => {
    const accountId = req.query.get('accountId') ?? undefined;
    if (!accountId) return jiraError(400, ['The accountId query parameter is required.']);
    return changeWatcher(req, accountId, false);
  });

  router.add('GET', '/rest/api/3/issue/{issueIdOrKey}/properties', (req) => {
    const issue = req.site.visibleIssue(req.params.issueIdOrKey as string, req.accountId);
    if (!issue) return issueNotFound();
    const self = (key: string) =>
      `${req.baseUrl}/rest/api/3/issue/${issue.key}/properties/${encodeURIComponent(key)}`;
    return ok({ keys: Object.keys(issue.properties).map((key) => ({ self: self(key), key })) });
  });
  router.add('GET', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (req) => {
    const issue = req.site.visibleIssue(req.params.issueIdOrKey as string, req.accountId);
    if (!issue) return issueNotFound();
    const key = req.params.propertyKey as string;
    if (!(key in issue.properties)) return propertyNotFound(key);
    return ok({ key, value: issue.properties[key] });
  });
  router.add('PUT', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (req) => {
    const issue = req.site.visibleIssue(req.params.issueIdOrKey as string, req.accountId);
    if (!issue) return issueNotFound();
    if (!req.site.can(issue.projectKey, req.accountId, 'EDIT_ISSUES')) {
      return jiraError(403, ['You do not have permission to edit issues in this project.']);
    }
    const key = req.params.propertyKey as string;
    if (key.length > 255) return jiraError(400, ['The property key cannot be longer than 255 characters.']);
    if (req.body === undefined) return jiraError(400, ['The property value must be valid JSON.']);
    const existed = key in issue.properties;
    issue.properties[key] = req.body;
    return { status: existed ? 200 : 201 };
  });
  router.add('DELETE', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (req) => {
    const issue = req.site.visibleIssue(req.params.issueIdOrKey as string, req.accountId);
    if (!issue) return issueNotFound();
    const key = req.params.propertyKey as string;
    if (!(key in issue.properties)) return propertyNotFound(key);
    delete issue.properties[key];
    return noContent();
  });
}
