// The control API under /_emulator/ (never under /rest): request log, faults, reset, full issue state,
// and changes to a site's model so that a test can "fix Jira" and retry. Not authenticated, not logged.
import type { Reply } from './http';
import { isObject, jiraError, ok } from './http';
import type { FaultConfig } from './faults';
import type { ScreenSeed, SiteSeed } from './model';
import type { EmulatorServer } from './server';

/** RFC 7386 JSON merge patch: objects merge, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function parse(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  return JSON.parse(raw.toString('utf8'));
}

/** Adds/removes field ids on one screen of a project's issue type (creating it from `*` when needed). */
function changeScreen(config: SiteSeed, body: Record<string, unknown>): string | undefined {
  const project = typeof body.project === 'string' ? config.projects[body.project] : undefined;
  if (!project) return 'project must name a project key of this site';
  const issueType = typeof body.issueType === 'string' ? body.issueType : '*';
  const which = body.screen;
  if (which !== 'create' && which !== 'edit' && which !== 'required')
    return 'screen must be create, edit or required';
  const base: ScreenSeed = project.screens[issueType] ?? project.screens['*'] ?? { create: [], edit: [] };
  const screen: ScreenSeed = structuredClone(base);
  const list = new Set(screen[which] ?? []);
  for (const id of Array.isArray(body.add) ? body.add : []) list.add(String(id));
  for (const id of Array.isArray(body.remove) ? body.remove : []) list.delete(String(id));
  screen[which] = [...list];
  project.screens[issueType] = screen;
  return undefined;
}

export function handleControl(emulator: EmulatorServer, method: string, url: URL, raw: Buffer): Reply {
  let body: unknown;
  try {
    body = parse(raw);
  } catch {
    return jiraError(400, ['The control API takes JSON bodies.']);
  }
  const path = url.pathname.replace(/\/$/, '');
  const route = `${method} ${path}`;
  if (route === 'GET /_emulator/requests')
    return ok({ requests: emulator.log.list(url.searchParams.get('site') ?? undefined) });
  if (route === 'DELETE /_emulator/requests') return (emulator.log.clear(), { status: 204 });
  if (route === 'GET /_emulator/faults') return ok(emulator.faults.describe());
  if (route === 'POST /_emulator/faults') {
    try {
      emulator.faults.set((isObject(body) ? body : {}) as FaultConfig);
    } catch (error) {
      return jiraError(400, [(error as Error).message]);
    }
    return ok(emulator.faults.describe());
  }
  if (route === 'DELETE /_emulator/faults') return (emulator.faults.clear(), { status: 204 });
  if (route === 'POST /_emulator/reset') return (emulator.reset(), { status: 204 });
  if (route === 'GET /_emulator/sites') return ok({ sites: [...emulator.sites.keys()] });
  if (route === 'GET /_emulator/stats') {
    // CPU time of the emulator's process: benchmarks divide requests by it, which stays meaningful on a busy machine.
    const cpu = process.cpuUsage();
    return ok({
      cpuMs: (cpu.user + cpu.system) / 1000,
      memoryMb: Math.round(process.memoryUsage().rss / 2 ** 20),
    });
  }
  if (path.startsWith('/_emulator/avatar/')) return { status: 204 };
  const deletion = /^\/_emulator\/sites\/([^/]+)\/issues\/([^/]+)$/.exec(path);
  if (method === 'DELETE' && deletion) {
    // Deletes an issue whatever the permissions: tests of "the target issue was deleted in Jira".
    const state = emulator.sites.get(decodeURIComponent(deletion[1] as string));
    const issue = state?.findIssue(decodeURIComponent(deletion[2] as string));
    if (!state || !issue) return jiraError(404, ['No such site or issue.']);
    state.deleteIssue(issue);
    return { status: 204 };
  }
  const siteMatch = /^\/_emulator\/sites\/([^/]+)\/(issues|config|screens)$/.exec(path);
  const site = siteMatch ? emulator.sites.get(decodeURIComponent(siteMatch[1] as string)) : undefined;
  if (siteMatch && !site) return jiraError(404, [`No emulated site '${siteMatch[1]}'.`]);
  if (site && siteMatch) {
    const what = siteMatch[2];
    if (method === 'GET' && what === 'issues') return ok({ issues: [...site.issues.values()] });
    if (method === 'GET' && what === 'config') return ok(site.config);
    if (method === 'PATCH' && what === 'config') {
      if (!isObject(body)) return jiraError(400, ['PATCH config takes a JSON merge patch object.']);
      site.config = mergePatch(site.config, body) as SiteSeed;
      return ok(site.config);
    }
    if (method === 'POST' && what === 'screens') {
      const problem = isObject(body) ? changeScreen(site.config, body) : 'body must be an object';
      return problem ? jiraError(400, [problem]) : ok(site.config.projects);
    }
  }
  return jiraError(404, [`No control endpoint ${route}. See test/jira-emulator/README.md.`]);
}
