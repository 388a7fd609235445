// Refreshes the views when the state directory changes, so runs started in a terminal show up too.
// The directory may not exist yet (no run so far): then the nearest existing parent (at most two levels
// up) is watched with a pattern reaching down to it, and the watcher is re-aimed after every reload.
import { existsSync } from 'node:fs';
import { dirname, relative } from 'node:path';
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

export function watchStore(state: SyncState): vscode.Disposable {
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
      onStateLoaded.dispose();
      watcher?.dispose();
    },
  };
}
