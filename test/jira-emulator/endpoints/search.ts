// Enhanced JQL search (`/rest/api/3/search/jql`, token paging), approximate count, and the removed
// `/rest/api/3/search`, which answers 410 as Jira Cloud does since 2025.
import type { EmulatorRequest, Reply } from '../http';
import { isObject, jiraError, listParam, ok } from '../http';
import { compileJql } from '../jql/evaluate';
import { JqlError, parseJql } from '../jql/parse';
import type { IssueState } from '../model';
import { issueJson, selectFields } from '../represent';
import type { Router } from '../router';

const REMOVED =
  'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046';
const UNBOUNDED =
  'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';
const BAD_TOKEN = 'The provided next page token is invalid or expired.';

/** Runs JQL against the search index (index lag applied) as the requesting user sees it. */
function runJql(req: EmulatorRequest, jql: string): IssueState[] | Reply {
  try {
    const user = req.site.config.users[req.accountId];
    const compiled = compileJql(
      {
        site: req.site,
        accountId: req.accountId,
        timeZone: user?.timeZone ?? req.site.config.timeZone ?? 'UTC',
        now: Date.now(),
      },
      parseJql(jql),
    );
    if (!compiled.bounded) return jiraError(400, [UNBOUNDED]);
    const visible = new Map<string, boolean>();
    const found: IssueState[] = [];
    for (const issue of req.site.indexedIssues()) {
      let canBrowse = visible.get(issue.projectKey);
      if (canBrowse === undefined) {
        canBrowse = req.site.can(issue.projectKey, req.accountId, 'BROWSE_PROJECTS');
        visible.set(issue.projectKey, canBrowse);
      }
      if (canBrowse && compiled.matches(issue)) found.push(issue);
    }
    return compiled.sort(found);
  } catch (error) {
    if (error instanceof JqlError) return jiraError(400, [error.message]);
    throw error;
  }
}

interface SearchInput {
  jql: string;
  nextPageToken?: string;
  maxResults?: number;
  fields?: string[];
  properties?: string[];
}

function search(req: EmulatorRequest, input: SearchInput): Reply {
  const found = runJql(req, input.jql);
  if (!Array.isArray(found)) return found;
  let offset = 0;
  if (input.nextPageToken !== undefined) {
    try {
      const token = JSON.parse(Buffer.from(input.nextPageToken, 'base64url').toString()) as {
        o: number;
        j: string;
      };
      if (token.j !== input.jql || !Number.isInteger(token.o)) throw new Error('mismatch');
      offset = token.o;
    } catch {
      return jiraError(400, [BAD_TOKEN]);
    }
  }
  const fieldIds = selectFields(req.site, input.fields, []).filter((f) => f !== 'id');
  const onlyIds = fieldIds.every((f) => f === 'key');
  const cap = onlyIds ? 5000 : 100;
  const pageSize = Math.max(1, Math.min(input.maxResults ?? 50, cap));
  const page = found.slice(offset, offset + pageSize);
  const current = new Map(page.map((i) => [i.id, req.site.issues.get(i.id) ?? i]));
  const body: Record<string, unknown> = {
    // Index lag: the hit comes from the index, the fields from the issue as it is now (as in Jira).
    issues: page.map((i) =>
      issueJson(
        req.site,
        req.baseUrl,
        current.get(i.id) as IssueState,
        fieldIds,
        input.properties,
        req.accountId,
      ),
    ),
  };
  const next = offset + page.length;
  if (next < found.length) {
    body.nextPageToken = Buffer.from(JSON.stringify({ o: next, j: input.jql })).toString('base64url');
    body.isLast = false;
  } else {
    body.isLast = true;
  }
  return ok(body);
}

function numberOrUndefined(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

export function addSearchRoutes(router: Router): void {
  router.add('GET', '/rest/api/3/search/jql', (req) =>
    search(req, {
      jql: req.query.get('jql') ?? '',
      nextPageToken: req.query.get('nextPageToken') ?? undefined,
      maxResults: numberOrUndefined(req.query.get('maxResults') ?? undefined),
      fields: listParam(req.query, 'fields'),
      properties: listParam(req.query, 'properties'),
    }),
  );
  router.add('POST', '/rest/api/3/search/jql', (req) => {
    const b = isObject(req.body) ? req.body : {};
    const strings = (v: unknown) =>
      Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
    return search(req, {
      jql: typeof b.jql === 'string' ? b.jql : '',
      nextPageToken: typeof b.nextPageToken === 'string' ? b.nextPageToken : undefined,
      maxResults: numberOrUndefined(b.maxResults),
      fields: strings(b.fields),
      properties: strings(b.properties),
    });
  });
  router.add('POST', '/rest/api/3/search/approximate-count', (req) => {
    const jql = isObject(req.body) && typeof req.body.jql === 'string' ? req.body.jql : '';
    const found = runJql(req, jql);
    return Array.isArray(found) ? ok({ count: found.length }) : found;
  });
  router.add('GET', '/rest/api/3/search', () => jiraError(410, [REMOVED]));
  router.add('POST', '/rest/api/3/search', () => jiraError(410, [REMOVED]));
}
