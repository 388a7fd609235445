// The sync configs of the workspace (`*.sync.yaml`, `*.sync.yml`), kept current by a file watcher.
import { basename } from 'node:path';
import * as vscode from 'vscode';

export const CONFIG_GLOB = '**/*.sync.{yaml,yml}';
const EXCLUDE = '**/{node_modules,.git,dist,out}/**';

export interface ConfigFile {
  uri: vscode.Uri;
  /** The `name:` of the config (the sync's id), or the file name when it has none yet. */
  name: string;
}

/** The top-level `name:` of a config, read without a YAML parser (the language server does the real parse). */
export function configName(text: string, fallback: string): string {
  const match = /^name:[ \t]*["']?([^"'#\r\n]+?)["']?[ \t]*(?:#.*)?$/m.exec(text);
  return match?.[1]?.trim() || fallback;
}

export function isConfigPath(path: string): boolean {
  return /\.sync\.ya?ml$/i.test(path);
}

export class Configs implements vscode.Disposable {
  private files: ConfigFile[] = [];
  private readonly watcher = vscode.workspace.createFileSystemWatcher(CONFIG_GLOB);
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private scanning: Promise<void> | undefined;
  private rescanning: Promise<void> | undefined;

  constructor() {
    const rescan = (): void => void this.scan();
    this.watcher.onDidCreate(rescan);
    this.watcher.onDidDelete(rescan);
    this.watcher.onDidChange(rescan);
  }

  get all(): readonly ConfigFile[] {
    return this.files;
  }

  byPath(path: string): ConfigFile | undefined {
    return this.files.find((f) => f.uri.fsPath === path);
  }

  /**
   * Lists the workspace's configs. The promise resolves after a scan that started after this call, so a caller
   * that just wrote a config finds it: a scan already running may have listed the folder before the write, so a
   * call during a scan waits for it and then scans again, and every call made meanwhile shares that one rescan.
   */
  scan(): Promise<void> {
    if (!this.scanning) {
      this.scanning = this.doScan().finally(() => (this.scanning = undefined));
      return this.scanning;
    }
    this.rescanning ??= this.scanning
      .catch(() => undefined)
      .then(() => {
        this.rescanning = undefined;
        return this.scan();
      });
    return this.rescanning;
  }

  private async doScan(): Promise<void> {
    const uris = await vscode.workspace.findFiles(CONFIG_GLOB, EXCLUDE, 500);
    const files: ConfigFile[] = [];
    for (const uri of uris.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
      let text = '';
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        // deleted between the search and the read
        continue;
      }
      files.push({ uri, name: configName(text, basename(uri.fsPath).replace(/\.sync\.ya?ml$/i, '')) });
    }
    this.files = files;
    await vscode.commands.executeCommand('setContext', 'backbone.configCount', files.length);
    this.changed.fire();
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}
