// The Jira emulator of this run, driven over its control API (/_emulator/...). The host runner starts it
// outside VS Code and writes its URL into the workspace's e2e-run.json (the extension host does not
// inherit the runner's environment); the suite never starts servers itself.
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { fileInWorkspace } from './helpers';

export function emulatorUrl(): string {
  const file = fileInWorkspace('e2e-run.json').fsPath;
  const url = (JSON.parse(readFileSync(file, 'utf8')) as { emulatorUrl?: string | null }).emulatorUrl;
  if (!url) throw new Error(`${file} names no emulator: the host runner starts the Jira emulator`);
  return url;
}

async function control(method: string, path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${emulatorUrl()}/_emulator/${path}`, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`emulator ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
}

export const emulator = {
  reset: () => control('POST', 'reset'),
  clearFaults: () => control('DELETE', 'faults'),
  /** Every request to a site waits this long (a slow Jira, for the cancel test). */
  slowDown: (site: string, latencyMs: number) =>
    control('POST', 'faults', { rules: [{ kind: 'latency', site, latencyMs }] }),
  /** "Fixes Jira": puts a field on a screen of a project's issue type. */
  addToScreen: (site: string, project: string, issueType: string, screen: 'create' | 'edit', field: string) =>
    control('POST', `sites/${encodeURIComponent(site)}/screens`, {
      project,
      issueType,
      screen,
      add: [field],
    }),
};

/**
 * Site URLs and tokens of the demo seed, in the extension host's environment: the extension reads
 * `${env:NAME}` from there first, so no token prompt appears.
 */
export function useEmulatorEnvironment(): void {
  process.env.T_SUPPORT_URL = `${emulatorUrl()}/support`;
  process.env.T_ENG_URL = `${emulatorUrl()}/engineering`;
  process.env.T_SUPPORT_TOKEN = 'demo-support-token';
  process.env.T_ENG_TOKEN = 'demo-engineering-token';
}

/** A config against the emulator whose `environment` mapping fails on ENG Bugs (not on the create screen). */
export function demoConfig(name: string): string {
  return `version: 1
name: ${name}
sites:
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
personalData: { exchange: false }
issueTypes: { Bug: Bug, "Service Request": Task }
fields:
  summary: summary
  description: description
  priority: { target: priority, correlate: { Highest: P1, High: P2, Medium: P3, Low: P4 }, default: P3 }
  customfield_10041: { target: customfield_20012, default: "not stated" }
  environment: environment
`;
}

/** The 1-based line of the `environment:` mapping in demoConfig(). */
export const ENVIRONMENT_LINE = 21;

export async function writeWorkspaceFile(name: string, text: string): Promise<vscode.Uri> {
  const uri = fileInWorkspace(name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}
