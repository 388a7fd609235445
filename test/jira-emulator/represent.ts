// How Jira Cloud renders its objects in JSON: users, statuses, issue types, projects, issues,
// comments. Ids are strings and every object has its `self` URL, as in Jira.
import { fieldCatalog } from './fields-catalog';
import { jiraTime } from './http';
import type { CommentState, IssueState } from './model';
import type { SiteState } from './site-state';

const CATEGORY = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;

function avatarUrls(baseUrl: string, id: string): Record<string, string> {
  // The origin is the base URL without the site prefix (string work: this runs for every user rendered).
  const origin = baseUrl.slice(0, baseUrl.indexOf('/', 'http://'.length));
  const url = (size: number) => `${origin}/_emulator/avatar/${encodeURIComponent(id)}?s=${size}`;
  return { '48x48': url(48), '24x24': url(24), '16x16': url(16), '32x32': url(32) };
}

// Users and statuses render the same until the site model changes (a patch replaces `config`), so
// they are memoised per config object and base URL: a search page renders hundreds of them.
const memo = new WeakMap<object, Map<string, Record<string, unknown>>>();

function memoised(
  site: SiteState,
  key: string,
  render: () => Record<string, unknown>,
): Record<string, unknown> {
  let cache = memo.get(site.config);
  if (!cache) {
    cache = new Map();
    memo.set(site.config, cache);
  }
  let value = cache.get(key);
  if (!value) {
    value = render();
    cache.set(key, value);
  }
  return value;
}

/**
 * A user as Jira returns it. Hidden emails are left out (the profile's privacy setting); `full`
 * adds the keys only the User schema has (locale), not UserDetails.
 */
export function userJson(
  site: SiteState,
  baseUrl: string,
  accountId: string,
  full = false,
): Record<string, unknown> {
  const user = site.config.users[accountId];
  const json: Record<string, unknown> = {
    self: `${baseUrl}/rest/api/3/user?accountId=${encodeURIComponent(accountId)}`,
    accountId,
    accountType: user?.accountType ?? 'atlassian',
  };
  if (user && user.emailVisible !== false && user.active !== false) json.emailAddress = user.email;
  json.avatarUrls = avatarUrls(baseUrl, accountId);
  json.displayName = user?.displayName ?? 'Former user';
  json.active = user ? user.active !== false : false;
  json.timeZone = user?.timeZone ?? site.config.timeZone ?? 'UTC';
  if (full) json.locale = user?.locale ?? 'en_US';
  return json;
}

export function statusJson(site: SiteState, baseUrl: string, name: string): Record<string, unknown> {
  return memoised(site, `status ${baseUrl} ${name}`, () => renderStatus(site, baseUrl, name));
}

function renderStatus(site: SiteState, baseUrl: string, name: string): Record<string, unknown> {
  const status = site.config.statuses[name];
  const category = CATEGORY[status?.category ?? 'new'];
  const id = status?.id ?? '1';
  return {
    self: `${baseUrl}/rest/api/3/status/${id}`,
    description: '',
    iconUrl: `${baseUrl}/images/icons/statuses/generic.png`,
    name,
    id,
    statusCategory: { self: `${baseUrl}/rest/api/3/statuscategory/${category.id}`, ...category },
  };
}

export function issueTypeJson(site: SiteState, baseUrl: string, name: string): Record<string, unknown> {
  const type = site.config.issueTypes[name];
  const id = type?.id ?? '0';
  return {
    self: `${baseUrl}/rest/api/3/issuetype/${id}`,
    id,
    description: type?.description ?? '',
    iconUrl: `${baseUrl}/rest/api/2/universal_avatar/view/type/issuetype/avatar/${id}?size=medium`,
    name,
    subtask: false,
    avatarId: Number(id),
    hierarchyLevel: 0,
  };
}

export function priorityJson(site: SiteState, baseUrl: string, name: string): Record<string, unknown> {
  const id = site.priorities()[name]?.id ?? '3';
  return {
    self: `${baseUrl}/rest/api/3/priority/${id}`,
    iconUrl: `${baseUrl}/images/icons/priorities/${name.toLowerCase()}.svg`,
    name,
    id,
  };
}

/** A project in its short form (inside issues) or long form (GET project). */
export function projectJson(
  site: SiteState,
  baseUrl: string,
  key: string,
  full = false,
): Record<string, unknown> {
  const project = site.config.projects[key];
  const id = project?.id ?? '0';
  const json: Record<string, unknown> = {
    self: `${baseUrl}/rest/api/3/project/${id}`,
    id,
    key,
    name: project?.name ?? key,
    projectTypeKey: project?.projectTypeKey ?? 'software',
    simplified: false,
    avatarUrls: avatarUrls(baseUrl, `project-${id}`),
  };
  if (!full || !project) return json;
  return {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    ...json,
    description: '',
    lead: userJson(site, baseUrl, project.lead, true),
    components: [],
    issueTypes: project.issueTypes.map((t) => issueTypeJson(site, baseUrl, t)),
    assigneeType: 'UNASSIGNED',
    versions: [],
    roles: {},
    style: 'classic',
    isPrivate: false,
    properties: {},
  };
}

export function commentJson(
  site: SiteState,
  baseUrl: string,
  issue: IssueState,
  comment: CommentState,
  withProperties = false,
): Record<string, unknown> {
  const json: Record<string, unknown> = {
    self: `${baseUrl}/rest/api/3/issue/${issue.id}/comment/${comment.id}`,
    id: comment.id,
    author: userJson(site, baseUrl, comment.author),
    body: comment.body,
    updateAuthor: userJson(site, baseUrl, comment.updateAuthor),
    created: jiraTime(comment.created),
    updated: jiraTime(comment.updated),
    jsdPublic: true,
  };
  if (comment.visibility) json.visibility = comment.visibility;
  if (withProperties) {
    json.properties = Object.entries(comment.properties).map(([key, value]) => ({ key, value }));
  }
  return json;
}

/** Renders one field of an issue, or undefined when the issue type does not have it. */
function fieldValue(
  site: SiteState,
  baseUrl: string,
  issue: IssueState,
  id: string,
  viewer: string,
): unknown {
  const user = (a: unknown) => (typeof a === 'string' ? userJson(site, baseUrl, a) : null);
  switch (id) {
    case 'issuetype':
      return issueTypeJson(site, baseUrl, issue.issueType);
    case 'project':
      return projectJson(site, baseUrl, issue.projectKey);
    case 'status':
      return statusJson(site, baseUrl, issue.status);
    case 'created':
      return jiraTime(issue.created);
    case 'updated':
      return jiraTime(issue.updated);
    case 'creator':
      return user(issue.creator);
    case 'priority': {
      const name = issue.fields.priority;
      return typeof name === 'string' ? priorityJson(site, baseUrl, name) : null;
    }
    case 'comment':
      return {
        comments: issue.comments.map((c) => commentJson(site, baseUrl, issue, c)),
        self: `${baseUrl}/rest/api/3/issue/${issue.id}/comment`,
        maxResults: issue.comments.length,
        total: issue.comments.length,
        startAt: 0,
      };
    case 'watches':
      return {
        self: `${baseUrl}/rest/api/3/issue/${issue.key}/watchers`,
        watchCount: issue.watchers.length,
        isWatching: issue.watchers.includes(viewer),
      };
  }
  const field = fieldCatalog(site.config).get(id);
  const value = issue.fields[id] ?? null;
  if (!field) return undefined;
  if (field.kind === 'user' || field.kind === 'reporter') return user(value);
  if (field.kind === 'users') return Array.isArray(value) ? value.map(user) : null;
  if (field.kind === 'labels') return value ?? [];
  if (field.kind === 'select' && typeof value === 'string') {
    const index = field.options?.indexOf(value) ?? -1;
    return {
      self: `${baseUrl}/rest/api/3/customFieldOption/${10100 + index}`,
      value,
      id: String(10100 + index),
    };
  }
  return value;
}

/** Which field ids a `fields` parameter selects (`*all`, `*navigable`, ids, `-id` exclusions). */
export function selectFields(site: SiteState, requested: string[] | undefined, fallback: string[]): string[] {
  const names = requested && requested.length > 0 ? requested : fallback;
  const all = [...fieldCatalog(site.config).keys()];
  const chosen = new Set<string>();
  for (const name of names) {
    if (name === '*all' || name === '*navigable') all.forEach((id) => chosen.add(id));
    else if (!name.startsWith('-')) chosen.add(name);
  }
  for (const name of names) if (name.startsWith('-')) chosen.delete(name.slice(1));
  return [...chosen];
}

/**
 * An issue as GET issue and search return it. `fieldIds` empty = only the id (what the enhanced
 * search returns when no fields are named).
 */
export function issueJson(
  site: SiteState,
  baseUrl: string,
  issue: IssueState,
  fieldIds: string[],
  propertyKeys: string[] | undefined,
  viewer: string,
): Record<string, unknown> {
  const json: Record<string, unknown> =
    fieldIds.length === 0
      ? { id: issue.id }
      : { expand: '', id: issue.id, self: `${baseUrl}/rest/api/3/issue/${issue.id}`, key: issue.key };
  if (fieldIds.length > 0) {
    const fields: Record<string, unknown> = {};
    for (const id of fieldIds) {
      if (id === 'id' || id === 'key') continue;
      const value = fieldValue(site, baseUrl, issue, id, viewer);
      if (value !== undefined) fields[id] = value;
    }
    json.fields = fields;
  }
  if (propertyKeys && propertyKeys.length > 0) {
    const properties: Record<string, unknown> = {};
    const all = propertyKeys.includes('*all');
    for (const [key, value] of Object.entries(issue.properties)) {
      if (all || propertyKeys.includes(key)) properties[key] = value;
    }
    json.properties = properties;
  }
  return json;
}
