// Preflight (DESIGN.md §6): the config must be valid (else exit 2, nothing written), only one-way sync runs,
// the sites must answer and the sync user must hold every permission the config needs (else exit 3, naming it).
import { resolve as resolvePath } from 'node:path';
import { loadConfigFile } from '../config/load';
import type { ConfigDocument } from '../config/document';
import type { SyncConfig } from '../config/model';
import { createJiraSite, type ClientOptions, type JiraSite } from '../jira/client';
import { JiraNetworkError, JiraRequestError, describeError } from '../jira/errors';
import type { SiteLimiter } from '../jira/limiter';
import { siteCredentials } from './site-auth';

export type Preflight =
  | { ok: true; config: SyncConfig; document: ConfigDocument; configPath: string }
  | { ok: false; exitCode: 2 | 3; message: string; codes: string[] };

const SEVERITY_ERROR = 1;

/** Loads and checks the config; nothing is written. */
export async function loadValidConfig(configPath: string, stateDir?: string): Promise<Preflight> {
  const absolute = resolvePath(configPath);
  // Metadata predictions do not block a run: the run meets the real sites and records entries instead.
  const loaded = await loadConfigFile(absolute, { ...(stateDir ? { stateDir } : {}), predictions: false });
  if (!loaded.ok) {
    if (loaded.ioError) return { ok: false, exitCode: 2, message: loaded.ioError, codes: [] };
    const errors = loaded.diagnostics.filter((d) => d.severity === SEVERITY_ERROR);
    const lines = errors
      .slice(0, 20)
      .map(
        (d) =>
          `${absolute}:${d.range.start.line + 1}:${d.range.start.character + 1}: error ${d.code} ${d.message}`,
      );
    return {
      ok: false,
      exitCode: 2,
      message: `The config has ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was synced. Fix ${errors.length === 1 ? 'it' : 'them'} (backbone-sync validate ${configPath}) and run again.\n${lines.join('\n')}`,
      codes: [...new Set(errors.map((d) => String(d.code)))],
    };
  }
  const config = loaded.config;
  // Defence in depth: the validator reports these too; the engine must never run them.
  const directions: (string | undefined)[] = [
    ...Object.values(config.fields).map((m) => (typeof m === 'string' ? undefined : m.direction)),
    (config as { direction?: string }).direction,
  ];
  if (directions.some((d) => d !== undefined && d !== 'source-to-target')) {
    return {
      ok: false,
      exitCode: 2,
      message:
        'This config asks for two-way sync (direction other than source-to-target), which is not supported yet. Remove `direction` or set it to source-to-target.',
      codes: ['direction-unsupported'],
    };
  }
  if (config.personalData?.exchange !== true) {
    const userish = ['assignee', 'reporter', 'creator', 'watchers'];
    const mapped = Object.entries(config.fields).find(
      ([source, m]) => userish.includes(source) || userish.includes(typeof m === 'string' ? m : m.target),
    );
    if (mapped) {
      return {
        ok: false,
        exitCode: 2,
        message: `Field '${mapped[0]}' carries personal data, and personalData.exchange is not true. Set it to true deliberately, or remove the mapping.`,
        codes: ['personal-data-field'],
      };
    }
  }
  return { ok: true, config, document: loaded.document, configPath: absolute };
}

export type SitesResult =
  | { ok: true; source: JiraSite; target: JiraSite }
  | { ok: false; exitCode: 2 | 3; message: string; codes: string[] };

/** Creates the two site clients (one concurrency limit per site, shared when both are the same site). */
export function connectSites(
  config: SyncConfig,
  env: NodeJS.ProcessEnv,
  options: ClientOptions & { limiters: Map<string, SiteLimiter> },
): SitesResult {
  const source = connectSite(config, config.source.site, env, options);
  if (!source.ok) return source;
  const target = connectSite(config, config.target.site, env, options);
  if (!target.ok) return target;
  return { ok: true, source: source.site, target: target.site };
}

/** One site's client, for verbs that need only that site (erase-account searches the target alone). */
export function connectSite(
  config: SyncConfig,
  name: string,
  env: NodeJS.ProcessEnv,
  options: ClientOptions & { limiters: Map<string, SiteLimiter> },
): { ok: true; site: JiraSite } | { ok: false; exitCode: 2 | 3; message: string; codes: string[] } {
  const credentials = siteCredentials(config, name, env);
  if (!credentials.ok) return { ok: false, exitCode: 3, message: credentials.message, codes: ['auth'] };
  const site = createJiraSite(credentials.credentials, options);
  if (!site.ok) return { ok: false, exitCode: 2, message: site.message, codes: ['site-url'] };
  return { ok: true, site: site.site };
}

/** The project permissions a config needs on the target, with why. */
export function requiredTargetPermissions(config: SyncConfig): { key: string; why: string }[] {
  const targets = Object.entries(config.fields).map(([source, m]) => [
    source,
    typeof m === 'string' ? m : m.target,
  ]);
  const needs = [
    { key: 'BROWSE_PROJECTS', why: 'to find the issues it created' },
    { key: 'CREATE_ISSUES', why: 'to create issues' },
    { key: 'EDIT_ISSUES', why: 'to update issues' },
  ];
  if (config.statuses && Object.keys(config.statuses).length > 0) {
    needs.push({ key: 'TRANSITION_ISSUES', why: 'because `statuses` is mapped' });
  }
  if (config.comments?.sync) needs.push({ key: 'ADD_COMMENTS', why: 'because comments.sync is true' });
  if (targets.some(([, t]) => t === 'watchers'))
    needs.push({ key: 'MANAGE_WATCHERS', why: 'because watchers are mapped' });
  if (targets.some(([, t]) => t === 'assignee'))
    needs.push({ key: 'ASSIGN_ISSUES', why: 'because assignee is mapped' });
  if (targets.some(([, t]) => t === 'reporter'))
    needs.push({ key: 'MODIFY_REPORTER', why: 'because reporter is mapped' });
  return needs;
}

async function missingPermissions(site: JiraSite, project: string, wanted: { key: string; why: string }[]) {
  const result = await site.api.permissions.getMyPermissions({
    projectKey: project,
    permissions: wanted.map((w) => w.key).join(','),
  });
  const granted = (result.permissions ?? {}) as Record<string, { havePermission?: boolean }>;
  return wanted.filter((w) => granted[w.key]?.havePermission !== true);
}

/** Checks that both sites answer, the credentials work, and the permissions are there. */
export async function checkAccess(
  config: SyncConfig,
  source: JiraSite,
  target: JiraSite,
): Promise<{ ok: true } | { ok: false; exitCode: 3; message: string; codes: string[] }> {
  const checks: [JiraSite, string, { key: string; why: string }[]][] = [
    [source, config.source.project, [{ key: 'BROWSE_PROJECTS', why: 'to export issues' }]],
    [target, config.target.project, requiredTargetPermissions(config)],
  ];
  for (const [site, project, wanted] of checks) {
    try {
      await site.api.myself.getCurrentUser();
      const missing = await missingPermissions(site, project, wanted);
      const first = missing[0];
      if (first) {
        return {
          ok: false,
          exitCode: 3,
          message: `The sync user lacks the permission ${first.key} in project ${project} on site '${site.name}' (needed ${first.why})${
            missing.length > 1
              ? `; also missing: ${missing
                  .slice(1)
                  .map((m) => m.key)
                  .join(', ')}`
              : ''
          }. Grant it in the project's permission scheme and run again.`,
          codes: missing.map((m) => m.key),
        };
      }
    } catch (error) {
      if (error instanceof JiraRequestError && error.status === 401) {
        return {
          ok: false,
          exitCode: 3,
          message: `Site '${site.name}' refused the credentials (HTTP 401). Check auth.email and the API token (the environment variable named in auth.token, or the token stored in VS Code).`,
          codes: ['auth'],
        };
      }
      if (error instanceof JiraNetworkError) {
        return {
          ok: false,
          exitCode: 3,
          message: `Site '${site.name}' (${site.baseUrl}) did not answer (${error.code}). Check the URL and the connection.`,
          codes: ['unreachable'],
        };
      }
      if (error instanceof JiraRequestError) {
        return {
          ok: false,
          exitCode: 3,
          message: `Site '${site.name}' could not be checked: ${describeError(error)}. Check the URL and project key ${project}.`,
          codes: ['preflight'],
        };
      }
      throw error;
    }
  }
  return { ok: true };
}
