// Users: myself, user by account ID, user search, assignable user search. Hidden emails are neither
// returned nor matched by a search, as on Jira Cloud.
import type { EmulatorRequest, Reply } from '../http';
import { intParam, issueNotFound, jiraError, ok } from '../http';
import type { UserSeed } from '../model';
import { userJson } from '../represent';
import type { Router } from '../router';

/** A user matches a query when a word of the display name, or the visible email, starts with it. */
function matchesQuery(user: UserSeed, query: string): boolean {
  const q = query.toLowerCase();
  const words = user.displayName.toLowerCase().split(/\s+/);
  if (user.displayName.toLowerCase().startsWith(q) || words.some((w) => w.startsWith(q))) return true;
  return user.emailVisible !== false && user.email.toLowerCase().startsWith(q);
}

function page(req: EmulatorRequest, ids: string[]): Reply {
  const startAt = Math.max(0, intParam(req.query, 'startAt', 0));
  const maxResults = Math.max(1, Math.min(intParam(req.query, 'maxResults', 50), 1000));
  return ok(ids.slice(startAt, startAt + maxResults).map((id) => userJson(req.site, req.baseUrl, id, true)));
}

function findUsers(req: EmulatorRequest): Reply {
  const query = req.query.get('query');
  const accountId = req.query.get('accountId');
  if (!query && !accountId)
    return jiraError(400, ["One of 'query' or 'accountId' query parameters needs to be provided."]);
  const ids = Object.entries(req.site.config.users)
    .filter(([id, user]) => (accountId ? id === accountId : matchesQuery(user, query as string)))
    .map(([id]) => id);
  return page(req, ids);
}

function findAssignable(req: EmulatorRequest): Reply {
  const { site } = req;
  const projectRef = req.query.get('project');
  const issueRef = req.query.get('issueKey') ?? req.query.get('issueId');
  let projectKey: string | undefined;
  if (issueRef) {
    const issue = site.visibleIssue(issueRef, req.accountId);
    if (!issue) return issueNotFound();
    projectKey = issue.projectKey;
  } else if (projectRef) {
    const project = site.project(projectRef);
    if (!project || !site.can(project.key, req.accountId, 'BROWSE_PROJECTS')) {
      return jiraError(404, [`No project could be found with key '${projectRef}'.`]);
    }
    projectKey = project.key;
  } else {
    return jiraError(400, ['Either issueKey, issueId or project needs to be provided.']);
  }
  const query = req.query.get('query');
  const accountId = req.query.get('accountId');
  const ids = Object.entries(site.config.users)
    .filter(([id]) => site.isAssignable(projectKey, id))
    .filter(([id, user]) => (accountId ? id === accountId : query ? matchesQuery(user, query) : true))
    .map(([id]) => id);
  return page(req, ids);
}

export function addUserRoutes(router: Router): void {
  router.add('GET', '/rest/api/3/myself', (req) => ok(userJson(req.site, req.baseUrl, req.accountId, true)));
  router.add('GET', '/rest/api/3/user', (req) => {
    const accountId = req.query.get('accountId');
    if (!accountId) return jiraError(400, ["The query parameter 'accountId' is required."]);
    if (!req.site.config.users[accountId]) {
      return jiraError(404, ['Specified user does not exist or you do not have required permissions']);
    }
    return ok(userJson(req.site, req.baseUrl, accountId, true));
  });
  router.add('GET', '/rest/api/3/user/search', findUsers);
  router.add('GET', '/rest/api/3/user/assignable/search', findAssignable);
}
