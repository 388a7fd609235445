// Starts and stops code-server for the end-to-end suite and the screenshots (VSCODE-E2E.md).
// Everything it writes (settings, extensions, logs, sockets) goes to one temporary folder that stop() removes.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, codeServerEntry, installedMarker, nodeBin } from './paths';

export interface CodeServer {
  readonly port: number;
  readonly origin: string;
  /** The temporary folder holding code-server's and Chromium's data (XDG_*, TMPDIR). */
  readonly home: string;
  /** XDG_* and TMPDIR pointing into `home`: for Chromium, and for anything else this run starts. */
  readonly env: NodeJS.ProcessEnv;
  /** The last lines code-server printed, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Omit `--disable-workspace-trust`, for the test of untrusted workspaces. */
  workspaceTrust?: boolean;
  /** Lets the workbench load `payload` (extensionDevelopmentPath, extensionTestsPath). */
  smokeTestDriver?: boolean;
  /** Extra environment for the server and so for the extension host (e.g. XDG_STATE_HOME). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

const QUIET_SETTINGS = {
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.startupPrompt': 'never',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'git.enabled': false,
  'github.gitAuthentication': false,
};

export function hostInstalled(): boolean {
  return existsSync(installedMarker()) && existsSync(codeServerEntry()) && existsSync(CHROMIUM);
}

/** A folder under a short TMPDIR: code-server and Chromium put Unix sockets there (108-byte path limit). */
export function makeRunFolder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startCodeServer(options: StartOptions = {}): Promise<CodeServer> {
  const home = makeRunFolder('bbs-e2e-');
  const env: NodeJS.ProcessEnv = {
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CACHE_HOME: join(home, 'cache'),
    XDG_STATE_HOME: join(home, 'state'),
    TMPDIR: join(home, 't'),
  };
  for (const dir of Object.values(env)) mkdirSync(dir as string, { recursive: true });
  // User settings that keep an offline workbench quiet and fast: no gallery, chat, tips or start page.
  mkdirSync(join(home, 'ud', 'User'), { recursive: true });
  writeFileSync(join(home, 'ud', 'User', 'settings.json'), JSON.stringify(QUIET_SETTINGS, null, 2));

  const args = [
    codeServerEntry(),
    '--auth',
    'none',
    '--bind-addr',
    '127.0.0.1:0',
    '--disable-telemetry',
    '--disable-update-check',
    '--reconnection-grace-time',
    '5',
    '--user-data-dir',
    join(home, 'ud'),
    '--extensions-dir',
    join(home, 'ext'),
  ];
  if (!options.workspaceTrust) args.push('--disable-workspace-trust');
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');

  const child = spawn(join(nodeBin(), 'node'), args, {
    // Detached: its own process group, so stop() ends the file watcher and extension hosts with it.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...env,
      ...options.env,
      // The gallery (open-vsx.org) is unreachable here: point it at a closed loopback port so it fails at once.
      EXTENSIONS_GALLERY: JSON.stringify({
        serviceUrl: 'http://127.0.0.1:9/gallery',
        itemUrl: 'http://127.0.0.1:9/item',
      }),
      PATH: `${nodeBin()}:${process.env.PATH ?? ''}`,
    },
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const stop = async (): Promise<void> => {
    await killGroup(child);
    rmSync(home, { recursive: true, force: true });
  };

  try {
    const port = await waitForPort(child, () => output, options.timeoutMs ?? 60_000);
    const origin = `http://127.0.0.1:${port}`;
    await waitForHealthz(origin, options.timeoutMs ?? 60_000);
    return { port, origin, home, env, output: () => output, stop };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\ncode-server printed:\n${output}`);
  }
}

/** code-server prints "HTTP server listening on http://127.0.0.1:PORT/" once it has bound port 0. */
function waitForPort(child: ChildProcess, output: () => string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`code-server did not listen within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const check = (): void => {
      const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output());
      if (match) finish(undefined, Number(match[1]));
    };
    const onExit = (code: number | null): void =>
      finish(new Error(`code-server exited (${code}) before listening`));
    function finish(error?: Error, port?: number): void {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(port as number);
    }
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.on('exit', onExit);
    check();
  });
}

async function waitForHealthz(origin: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline)
      throw new Error(`code-server's /healthz did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
