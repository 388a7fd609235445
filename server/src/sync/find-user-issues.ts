// For `erase-account`: the target issues where an account still appears in a mapped user field, searched at
// that moment with JQL, as the checklist of a manual deletion on a site you do not control (DESIGN.md §6).
// Wire it as `createEraseAccountMain({ findTargetIssues: createFindTargetIssues(io.env) })`.
import type { SyncInfo, TargetIssueRef } from '../store';
import type { SiteLimiter } from '../jira/limiter';
import { FieldCatalog } from './field-catalog';
import { connectSite, loadValidConfig } from './preflight';

function jqlField(id: string): string {
  const custom = /^customfield_(\d+)$/.exec(id);
  return custom ? `cf[${custom[1]}]` : id === 'watchers' ? 'watcher' : id;
}

/** Builds the search with this process's environment (the sites' tokens). */
export function createFindTargetIssues(
  env: NodeJS.ProcessEnv,
): (request: { accountId: string; sync: SyncInfo }) => Promise<TargetIssueRef[]> {
  return async ({ accountId, sync }) => {
    if (!sync.configPath) throw new Error(`Sync '${sync.name}' has no recorded config; run it once first.`);
    const pre = await loadValidConfig(sync.configPath);
    if (!pre.ok)
      throw new Error(`The config of sync '${sync.name}' is not valid: ${pre.message.split('\n')[0]}`);
    // With personal-data exchange off no user field reaches the target (DESIGN.md §6): nothing to search, and no
    // token needed. Otherwise only the target site is searched, so only its token is needed.
    if (pre.config.personalData?.exchange !== true) return [];
    const connected = connectSite(pre.config, pre.config.target.site, env, {
      limiters: new Map<string, SiteLimiter>(),
      concurrency: 4,
    });
    if (!connected.ok) throw new Error(connected.message);
    const target = connected.site;
    const catalog = await FieldCatalog.load(target);
    const userFields = [
      ...new Set(
        Object.values(pre.config.fields)
          .map((m) => (typeof m === 'string' ? m : m.target))
          .filter((id) => id === 'watchers' || catalog.isUser(id)),
      ),
    ];
    if (userFields.length === 0) return [];
    const quoted = `"${accountId.replace(/"/g, '')}"`;
    const found = new Map<string, TargetIssueRef>();
    // One query per field, so that each hit names the field it was found in.
    for (const field of userFields) {
      const jql = `project = "${pre.config.target.project}" AND ${jqlField(field)} = ${quoted}`;
      let nextPageToken: string | undefined;
      do {
        const page = await target.api.issueSearch.searchAndReconsileIssuesUsingJqlPost({
          jql,
          fields: ['summary'],
          maxResults: 100,
          ...(nextPageToken ? { nextPageToken } : {}),
        });
        for (const issue of (page.issues ?? []) as { id?: string; key?: string }[]) {
          if (typeof issue.id !== 'string' || typeof issue.key !== 'string') continue;
          const ref = found.get(issue.id) ?? { issueId: issue.id, key: issue.key, fieldIds: [] };
          ref.fieldIds.push(field);
          found.set(issue.id, ref);
        }
        nextPageToken = page.isLast === true ? undefined : (page.nextPageToken ?? undefined);
      } while (nextPageToken);
    }
    return [...found.values()];
  };
}
