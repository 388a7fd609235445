// Comments (list, add with properties, get, update) and comment entity properties, which is where
// the engine links a synced comment to its source comment.
import { isValidAdf } from '../adf';
import type { EmulatorRequest, Reply } from '../http';
import { fieldErrors, isObject, intParam, issueNotFound, jiraError, listParam, noContent, ok } from '../http';
import { commentJson } from '../represent';
import type { Router } from '../router';

const BODY_INVALID = 'Comment body is not valid!';

function commentNotFound(id: string): Reply {
  return jiraError(404, [`Can not find a comment for the id: ${id}.`]);
}

function wantsProperties(req: EmulatorRequest): boolean {
  return (listParam(req.query, 'expand') ?? []).includes('properties');
}

// Only POST comment/list documents `properties` as an expand; the issue's comment list and one comment's
// GET/PUT document `renderedBody` alone. The emulator ignores `expand=properties` there, so an engine relying on
// it fails in tests rather than on a real site.

function getComments(req: EmulatorRequest): Reply {
  const issue = req.site.visibleIssue(req.params.issueIdOrKey as string, req.accountId);
  if (!issue) return issueNotFound();
  const startAt = Math.max(0, intParam(req.query, 'startAt', 0));
  const maxResults = Math.max(1, Math.min(intParam(req.query, 'maxResults', 100), 5000));
  const order = req.query.get('orderBy');
  const sorted = [...issue.comments].sort((a, b) => a.created - b.created || Number(a.id) - Number(b.id));
  if (order === '-created') sorted.reverse();
  const page = sorted.slice(startAt, startAt + maxResults);
  return ok({
    comments: page.map((c) => commentJson(req.site, req.baseUrl, issue, c, false)),
    maxResults,
    total: issue.comments.length,
    startAt,
  });
}

function addComment(req: EmulatorRequest): Reply {
  const { site } = req;
  const issue = site.visibleIssue(req.params.issueIdOrKey as string, req.accountId);
  if (!issue) return issueNotFound();
  if (!site.can(issue.projectKey, req.accountId, 'ADD_COMMENTS')) {
    return jiraError(403, ['You do not have the permission to comment on this issue.']);
  }
  const body = isObject(req.body) ? req.body : {};
  if (!isValidAdf(body.body)) return fieldErrors({ comment: BODY_INVALID });
  const properties: Record<string, unknown> = {};
  if (Array.isArray(body.properties)) {
    for (const p of body.properties)
      if (isObject(p) && typeof p.key === 'string') properties[p.key] = p.value;
  }
  site.beforeWrite(issue, req.indexLagMs);
  const now = site.tick();
  const comment = {
    id: site.newCommentId(),
    author: req.accountId,
    updateAuthor: req.accountId,
    body: body.body as never,
    created: now,
    updated: now,
    properties,
    ...(body.visibility ? { visibility: body.visibility } : {}),
  };
  site.addComment(issue, comment);
  issue.updated = now;
  return ok(commentJson(site, req.baseUrl, issue, comment, false), 201);
}

function getComment(req: EmulatorRequest): Reply {
  const issue = req.site.visibleIssue(req.params.issueIdOrKey as string, req.accountId);
  if (!issue) return issueNotFound();
  const comment = issue.comments.find((c) => c.id === req.params.id);
  if (!comment) return commentNotFound(req.params.id as string);
  return ok(commentJson(req.site, req.baseUrl, issue, comment, false));
}

function updateComment(req: EmulatorRequest): Reply {
  const { site } = req;
  const issue = site.visibleIssue(req.params.issueIdOrKey as string, req.accountId);
  if (!issue) return issueNotFound();
  const comment = issue.comments.find((c) => c.id === req.params.id);
  if (!comment) return commentNotFound(req.params.id as string);
  const own = comment.author === req.accountId;
  if (!site.can(issue.projectKey, req.accountId, own ? 'EDIT_OWN_COMMENTS' : 'EDIT_ALL_COMMENTS')) {
    return jiraError(403, ['You do not have the permission to edit this comment.']);
  }
  const body = isObject(req.body) ? req.body : {};
  if (!isValidAdf(body.body)) return fieldErrors({ comment: BODY_INVALID });
  site.beforeWrite(issue, req.indexLagMs);
  comment.body = body.body as never;
  comment.updateAuthor = req.accountId;
  comment.updated = site.tick();
  issue.updated = comment.updated;
  return ok(commentJson(site, req.baseUrl, issue, comment, false));
}

/** The comment if its issue is visible to the user. */
function visibleComment(req: EmulatorRequest) {
  const found = req.site.findComment(req.params.commentId as string);
  if (!found || !req.site.can(found.issue.projectKey, req.accountId, 'BROWSE_PROJECTS')) return undefined;
  return found;
}

function propertyNotFound(key: string): Reply {
  return jiraError(404, [`The property with key '${key}' does not exist.`]);
}

/** Comments by id; with `expand=properties`, the documented way to read comment properties in bulk. */
function commentsByIds(req: EmulatorRequest): Reply {
  const ids = isObject(req.body) && Array.isArray(req.body.ids) ? req.body.ids : undefined;
  if (!ids) return jiraError(400, ['The request body must hold ids: an array of comment IDs.']);
  if (ids.length > 1000) return jiraError(400, ['A maximum of 1000 comment IDs can be specified.']);
  const values = ids
    .map((id) => req.site.findComment(String(id)))
    .filter((f) => f !== undefined && req.site.can(f.issue.projectKey, req.accountId, 'BROWSE_PROJECTS'))
    .map((f) => commentJson(req.site, req.baseUrl, f!.issue, f!.comment, wantsProperties(req)));
  return ok({ isLast: true, maxResults: 1000, startAt: 0, total: values.length, values });
}

export function addCommentRoutes(router: Router): void {
  router.add('POST', '/rest/api/3/comment/list', commentsByIds);
  router.add('GET', '/rest/api/3/issue/{issueIdOrKey}/comment', getComments);
  router.add('POST', '/rest/api/3/issue/{issueIdOrKey}/comment', addComment);
  router.add('GET', '/rest/api/3/issue/{issueIdOrKey}/comment/{id}', getComment);
  router.add('PUT', '/rest/api/3/issue/{issueIdOrKey}/comment/{id}', updateComment);
  router.add('DELETE', '/rest/api/3/issue/{issueIdOrKey}/comment/{id}', (req) => {
    const issue = req.site.visibleIssue(req.params.issueIdOrKey as string, req.accountId);
    if (!issue) return issueNotFound();
    const comment = issue.comments.find((c) => c.id === req.params.id);
    if (!comment) return commentNotFound(req.params.id as string);
    const own = comment.author === req.accountId;
    if (!req.site.can(issue.projectKey, req.accountId, own ? 'DELETE_OWN_COMMENTS' : 'DELETE_ALL_COMMENTS')) {
      return jiraError(403, ['You do not have the permission to delete this comment.']);
    }
    req.site.beforeWrite(issue, req.indexLagMs);
    req.site.removeComment(issue, comment.id);
    req.site.touch(issue);
    return noContent();
  });

  router.add('GET', '/rest/api/3/comment/{commentId}/properties', (req) => {
    const found = visibleComment(req);
    if (!found) return commentNotFound(req.params.commentId as string);
    const self = (key: string) =>
      `${req.baseUrl}/rest/api/3/comment/${found.comment.id}/properties/${encodeURIComponent(key)}`;
    return ok({ keys: Object.keys(found.comment.properties).map((key) => ({ self: self(key), key })) });
  });
  router.add('GET', '/rest/api/3/comment/{commentId}/properties/{propertyKey}', (req) => {
    const found = visibleComment(req);
    if (!found) return commentNotFound(req.params.commentId as string);
    const key = req.params.propertyKey as string;
    if (!(key in found.comment.properties)) return propertyNotFound(key);
    return ok({ key, value: found.comment.properties[key] });
  });
  router.add('PUT', '/rest/api/3/comment/{commentId}/properties/{propertyKey}', (req) => {
    const found = visibleComment(req);
    if (!found) return commentNotFound(req.params.commentId as string);
    const key = req.params.propertyKey as string;
    if (req.body === undefined) return jiraError(400, ['The property value must be valid JSON.']);
    const existed = key in found.comment.properties;
    found.comment.properties[key] = req.body;
    return { status: existed ? 200 : 201 };
  });
  router.add('DELETE', '/rest/api/3/comment/{commentId}/properties/{propertyKey}', (req) => {
    const found = visibleComment(req);
    if (!found) return commentNotFound(req.params.commentId as string);
    const key = req.params.propertyKey as string;
    if (!(key in found.comment.properties)) return propertyNotFound(key);
    delete found.comment.properties[key];
    return noContent();
  });
}
