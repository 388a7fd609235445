// Where the state lives (DESIGN.md §6): one directory per user, one database per sync inside it.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface StateDirInputs {
  /** `--state-dir` (or the `backbone.stateDirectory` setting): wins over everything. */
  stateDir?: string | undefined;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
}

/**
 * The state directory: `--state-dir`, else `$BACKBONE_STATE_DIR`, else the per-OS default
 * (`$XDG_STATE_HOME/backbone-sync` or `~/.local/state/backbone-sync` on Linux,
 * `~/Library/Application Support/backbone-sync` on macOS, `%LOCALAPPDATA%\backbone-sync` on Windows).
 */
export function resolveStateDir({ stateDir, env, platform, home }: StateDirInputs): string {
  if (stateDir) return stateDir;
  if (env.BACKBONE_STATE_DIR) return env.BACKBONE_STATE_DIR;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'backbone-sync');
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA || join(home, 'AppData', 'Local');
    return `${local.replace(/[\\/]+$/, '')}\\backbone-sync`;
  }
  const xdg = env.XDG_STATE_HOME;
  // The XDG spec says relative values are invalid and must be ignored.
  if (xdg && xdg.startsWith('/')) return join(xdg, 'backbone-sync');
  return join(home, '.local', 'state', 'backbone-sync');
}

/** The files of one sync's state. */
export interface SyncPaths {
  database: string;
  journal: string;
  lock: string;
}

/** `<state dir>/syncs/<sync name>.sqlite|.journal.ndjson|.lock`. */
export function syncPaths(stateDir: string, syncName: string): SyncPaths {
  const dir = syncsDir(stateDir);
  return {
    database: join(dir, `${syncName}.sqlite`),
    journal: join(dir, `${syncName}.journal.ndjson`),
    lock: join(dir, `${syncName}.lock`),
  };
}

export function syncsDir(stateDir: string): string {
  return join(stateDir, 'syncs');
}

/** A sync name is also a file name: the config schema's pattern, so nothing can escape the directory. */
export const SYNC_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The syncs that have state in this directory (a database, or a journal not yet checkpointed), sorted. */
export function listSyncNames(stateDir: string): string[] {
  const dir = syncsDir(stateDir);
  if (!existsSync(dir)) return [];
  const names = new Set<string>();
  for (const file of readdirSync(dir)) {
    const match = /^(.+)\.(?:sqlite|journal\.ndjson)$/.exec(file);
    if (match?.[1] && SYNC_NAME_PATTERN.test(match[1])) names.add(match[1]);
  }
  return [...names].sort();
}
