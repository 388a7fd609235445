// Public API of the Jira Cloud emulator for tests, benchmarks and the offline demo. See README.md.
import type { FaultConfig } from './faults';
import type { IssueState, Seed, SiteSeed } from './model';
import { mergePatch } from './control';
import { loadSeed } from './seed-loader';
import type { ObservedResponse } from './server';
import { EmulatorServer } from './server';
import type { LoggedRequest } from './request-log';

export type { FaultConfig, FaultRule } from './faults';
export type { Seed, SiteSeed, IssueState, Adf } from './model';
export type { LoggedRequest } from './request-log';
export type { ObservedResponse } from './server';
export { generateSeed } from './seeds/generate';
export type { GenerateOptions } from './seeds/generate';

export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** A seed object, or a seed file: a name in seeds/ (default `demo.json`) or a path. */
  seed?: Seed | string;
  /** Called after every response to a site request (tests validate responses against the spec with it). */
  onResponse?: (response: ObservedResponse) => void;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** Base URL of one site, e.g. `http://127.0.0.1:PORT/support`: the `host` for jira.js. */
  siteUrl(site: string): string;
  /** The same operations as the control API, without HTTP. */
  reset(): void;
  setFaults(config: FaultConfig): void;
  requests(site?: string): LoggedRequest[];
  clearRequests(): void;
  issues(site: string): IssueState[];
  /** JSON merge patch on a site's model (users, fields, projects: screens, workflows, permissions). */
  patchSite(site: string, patch: Partial<SiteSeed> | Record<string, unknown>): void;
  close(): Promise<void>;
}

/** Starts an emulator on 127.0.0.1 and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const server = new EmulatorServer(loadSeed(options.seed ?? 'demo.json'), options.onResponse);
  const port = await server.listen(options.port ?? 0);
  const url = `http://127.0.0.1:${port}`;
  const siteOf = (name: string) => {
    const site = server.sites.get(name);
    if (!site) throw new Error(`No emulated site '${name}'. Sites: ${[...server.sites.keys()].join(', ')}.`);
    return site;
  };
  return {
    url,
    port,
    siteUrl: (site) => `${url}/${encodeURIComponent(site)}`,
    reset: () => server.reset(),
    setFaults: (config) => server.faults.set(config),
    requests: (site) => server.log.list(site),
    clearRequests: () => server.log.clear(),
    issues: (site) => [...siteOf(site).issues.values()],
    patchSite: (site, patch) => {
      const state = siteOf(site);
      state.config = mergePatch(state.config, patch) as SiteSeed;
    },
    close: () => server.close(),
  };
}
