// Shared set-up of the engine tests: an emulator with the demo seed, a config in a temp dir whose site URLs and
// tokens come from the environment, and an in-process run of the engine with short backoffs.
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startEmulator,
  type ObservedResponse,
  type RunningEmulator,
  type Seed,
} from '../jira-emulator/index';
import { runSync, type RunOptions, type RunResult } from '../../server/src/sync/engine';
import type { SyncEvent } from '../../server/src/protocol/events';

export const SYNC_BOT = '712020:0c5d2f1e-8b1a-4e0f-9a55-5b0751c0b001';

export interface Harness {
  emulator: RunningEmulator;
  dir: string;
  stateDir: string;
  env: NodeJS.ProcessEnv;
  writeConfig: (yaml: string, name?: string) => string;
  run: (configPath: string, extra?: Partial<RunOptions>) => Promise<RunResult & { events: SyncEvent[] }>;
  close: () => Promise<void>;
}

export async function startHarness(
  seed: Seed | string = 'demo.json',
  onResponse?: (response: ObservedResponse) => void,
): Promise<Harness> {
  const emulator = await startEmulator({ seed, ...(onResponse ? { onResponse } : {}) });
  const dir = mkdtempSync(join(tmpdir(), 'bbs-engine-'));
  const stateDir = join(dir, 'state');
  const env: NodeJS.ProcessEnv = {
    T_SUPPORT_URL: emulator.siteUrl('support'),
    T_ENG_URL: emulator.siteUrl('engineering'),
    T_SUPPORT_TOKEN: 'demo-support-token',
    T_ENG_TOKEN: 'demo-engineering-token',
  };
  return {
    emulator,
    dir,
    stateDir,
    env,
    writeConfig: (yaml, name = 'test.sync.yaml') => {
      const path = join(dir, name);
      writeFileSync(path, yaml);
      return path;
    },
    run: async (configPath, extra = {}) => {
      const events: SyncEvent[] = [];
      const result = await runSync({
        configPath,
        stateDir,
        env,
        concurrency: 4,
        indexLag: { settleMs: 50, maxSearches: 3 },
        transport: { baseDelayMs: 5, maxDelayMs: 50 },
        transientBackoffMs: 20,
        emit: (e) => events.push(e),
        ...extra,
      });
      return { ...result, events };
    },
    close: async () => {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The sites block of a test config: URLs and tokens from the environment of the run. */
export function sites(jql?: string): string {
  return SITES.replace(
    'source: { site: support, project: SUP }',
    `source: { site: support, project: SUP${jql ? `, jql: ${JSON.stringify(jql)}` : ''} }`,
  );
}

export const SITES = `sites:
  support:
    url: "\${env:T_SUPPORT_URL}"
    auth: { email: sync-bot@example.com, token: "\${env:T_SUPPORT_TOKEN}" }
    underYourControl: true
  engineering:
    url: "\${env:T_ENG_URL}"
    auth: { email: sync-bot@example.com, token: "\${env:T_ENG_TOKEN}" }
    underYourControl: true
source: { site: support, project: SUP }
target: { site: engineering, project: ENG }
`;

/** A config that maps every kind of mapping the demo seed can import without errors. */
export function fullConfig(name = 'happy', extra = ''): string {
  return `version: 1
name: ${name}
${SITES}personalData: { exchange: true, users: account-id }
issueTypes: { Bug: Bug, "Service Request": Task }
fields:
  summary: summary
  description: description
  priority: { target: priority, correlate: { Highest: P1, High: P2, Medium: P3, Low: P4 }, default: P3 }
  labels: { target: labels, prefix: "sup-" }
  customfield_10041: { target: customfield_20012, default: "not stated" }
statuses: { Open: To Do, "In Progress": In Progress, Resolved: Done, Closed: Done, "Waiting for Customer": In Progress }
comments: { sync: true }
${extra}`;
}

/** Calls the emulator's control API. */
export async function control(h: Harness, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${h.emulator.url}/_emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`control ${method} ${path}: ${response.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** Calls a site's REST API as the sync user (for test set-up: edit a source issue, delete a target issue). */
export async function jira(
  h: Harness,
  site: 'support' | 'engineering',
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const token = site === 'support' ? 'demo-support-token' : 'demo-engineering-token';
  const response = await fetch(`${h.emulator.siteUrl(site)}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`sync-bot@example.com:${token}`).toString('base64')}`,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** The 1-based line of the first line of `yaml` that contains `needle`. */
export function lineOf(yaml: string, needle: string): number {
  const index = yaml.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`'${needle}' not in config`);
  return index + 1;
}
