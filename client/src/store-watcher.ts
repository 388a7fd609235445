// Refreshes the views when the state directory changes, so runs started in a terminal show up too.
// The directory may not exist yet (no run so far): then the nearest existing parent (at most two levels
// up) is watched with a pattern reaching down to it, and the watcher is re-aimed after every reload.
// File watchers can miss events (a state directory outside the workspace, a busy machine), so a cheap
// poll of the databases' modification times backs them up.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import * as vscode from 'vscode';
import type { SyncState } from './state';

/** The folder to watch and the glob below it that matches the sync databases. */
export function watchTarget(
  stateDir: string,
  exists: (path: string) => boolean = existsSync,
): { base: string; glob: string } | undefined {
  let base = stateDir;
  for (let up = 0; up <= 2; up++) {
    if (exists(base)) {
      const below = relative(base, stateDir).split('\\').join('/');
      // Only the databases matter; the journal and lock files change many times per run.
      return { base, glob: below ? `${below}/**/*.sqlite` : '**/*.sqlite' };
    }
    const parent = dirname(base);
    if (parent === base) break;
    base = parent;
  }
  return undefined;
}

/** The names, sizes and modification times of the sync databases: changes when any run commits. */
export function storeFingerprint(stateDir: string): string {
  const dir = join(stateDir, 'syncs');
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.sqlite'))
      .sort()
      .map((name) => {
        const stat = statSync(join(dir, name));
        return `${name}:${stat.size}:${stat.mtimeMs}`;
      })
      .join('|');
  } catch {
    return ''; // no run yet
  }
}

const POLL_MS = 3000;

export function watchStore(state: SyncState): vscode.Disposable {
  let seen: string | undefined;
  const poll = setInterval(() => {
    const dir = state.stateDir;
    if (!dir) return;
    const now = storeFingerprint(dir);
    if (seen !== undefined && now !== seen) state.scheduleReload(0);
    seen = now;
  }, POLL_MS);
  let watcher: vscode.FileSystemWatcher | undefined;
  let aimed: string | undefined;
  const onStateLoaded = state.onDidChange(() => {
    const dir = state.stateDir;
    const target = dir ? watchTarget(dir) : undefined;
    const key = target ? `${target.base}\u0000${target.glob}` : undefined;
    if (key === aimed) return;
    watcher?.dispose();
    watcher = undefined;
    aimed = key;
    if (!target) return;
    watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(target.base), target.glob),
    );
    const reload = (): void => state.scheduleReload(500);
    watcher.onDidChange(reload);
    watcher.onDidCreate(reload);
    watcher.onDidDelete(reload);
  });
  return {
    dispose: () => {
      clearInterval(poll);
      onStateLoaded.dispose();
      watcher?.dispose();
    },
  };
}
