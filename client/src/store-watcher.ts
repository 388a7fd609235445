// Refreshes the views when the state directory changes, so runs started in a terminal show up too.
import * as vscode from 'vscode';
import type { SyncState } from './state';

export function watchStore(state: SyncState): vscode.Disposable {
  let watcher: vscode.FileSystemWatcher | undefined;
  let watched: string | undefined;
  const onStateLoaded = state.onDidChange(() => {
    const dir = state.stateDir;
    if (!dir || dir === watched) return;
    watcher?.dispose();
    watched = dir;
    // Only the databases matter; the journal and lock files change many times per run.
    watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(dir), '**/*.{db,sqlite}'),
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
