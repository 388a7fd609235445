// The extension's exported API (activate()'s return value), as the suite sees it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BackboneSyncApi } from '../../../client/src/extension';
import type { TroubleshootingNode } from '../../../client/src/troubleshooting-view';
import type { EntryJson } from '../../../server/src/protocol/cli-json';
import { EXTENSION_ID } from './helpers';

export async function extensionApi(): Promise<BackboneSyncApi> {
  const extension = vscode.extensions.getExtension<BackboneSyncApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

/** The Troubleshooting tree as text lines, `sync / issue / entry label`, for assertions that read well. */
export function treeLines(api: BackboneSyncApi): string[] {
  const lines: string[] = [];
  const walk = (node: TroubleshootingNode | undefined, path: string[]): void => {
    for (const child of api.troubleshooting.getChildren(node)) {
      const item = api.troubleshooting.getTreeItem(child);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      const next = [...path, label];
      if (child.kind === 'entry') lines.push(next.join(' / '));
      walk(child, next);
    }
  };
  walk(undefined, []);
  return lines.sort();
}

export function entryIds(api: BackboneSyncApi): string[] {
  const ids: string[] = [];
  const walk = (node?: TroubleshootingNode): void => {
    for (const child of api.troubleshooting.getChildren(node)) {
      if (child.kind === 'entry') ids.push(child.entry.id);
      walk(child);
    }
  };
  walk();
  return ids.sort();
}

/** The open entries the Troubleshooting tree shows, as the CLI's JSON (with the pending change's account IDs). */
export function shownEntries(api: BackboneSyncApi): EntryJson[] {
  const entries: EntryJson[] = [];
  const walk = (node?: TroubleshootingNode): void => {
    for (const child of api.troubleshooting.getChildren(node)) {
      if (child.kind === 'entry') entries.push(child.entry);
      walk(child);
    }
  };
  walk();
  return entries;
}

/** The text of a Markdown document the extension serves (scheme `backbone-sync`), e.g. `/erase-account.md`. */
export async function extensionDocument(uriOrPath: vscode.Uri | string): Promise<string> {
  const uri =
    typeof uriOrPath === 'string' ? vscode.Uri.from({ scheme: 'backbone-sync', path: uriOrPath }) : uriOrPath;
  const document = await vscode.workspace.openTextDocument(uri);
  return document.getText();
}

/** Labels of the editor tabs open now (a Markdown preview's label is "Preview NAME.md"). */
export function tabLabels(): string[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label));
}

/**
 * Waits until the Syncs view lists the config at `uri`, i.e. the extension's list of workspace configs holds it.
 * Commands over every config (the personal-data report, erase-account's tokens) read that list; a config written
 * a moment ago may not be in it yet: client/src/configs.ts `scan()` hands a caller the scan already in flight, which
 * may have listed the folder before the write.
 */
export async function configListed(api: BackboneSyncApi, uri: vscode.Uri): Promise<void> {
  const listed = (): boolean =>
    api.syncs.getChildren().some((n) => n.kind === 'sync' && n.config?.uri.fsPath === uri.fsPath);
  if (listed()) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`the Syncs view did not list ${uri.fsPath} within 60 s`));
    }, 60_000);
    const subscription = api.syncs.onDidChangeTreeData(() => {
      if (!listed()) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
  });
}
