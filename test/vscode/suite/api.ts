// The extension's exported API (activate()'s return value), as the suite sees it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BackboneSyncApi } from '../../../client/src/extension';
import type { SyncsNode } from '../../../client/src/syncs-view';
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
 * a moment ago is in it once the file watcher's rescan finished (client/src/configs.ts), so a test that writes one
 * waits for that, as a user would see it appear in the view.
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

/** The tree node of an open entry, as VS Code hands it to a menu command of its tree item. */
export function entryNode(api: BackboneSyncApi, id: string): Extract<TroubleshootingNode, { kind: 'entry' }> {
  const found: TroubleshootingNode[] = [];
  const walk = (node?: TroubleshootingNode): void => {
    for (const child of api.troubleshooting.getChildren(node)) {
      if (child.kind === 'entry' && child.entry.id === id) found.push(child);
      walk(child);
    }
  };
  walk();
  const [node] = found;
  assert.ok(
    node?.kind === 'entry',
    `the Troubleshooting tree shows no entry ${id}: ${entryIds(api).join(', ')}`,
  );
  return node;
}

/** One line of the Syncs view under a sync: its label, description, context value and click command. */
export interface SyncsLine {
  label: string;
  description?: string;
  contextValue?: string;
  command?: vscode.Command;
  node: SyncsNode;
}

/** The lines the Syncs view shows under the sync named `sync` (expanded as a person would). */
export function syncsLines(api: BackboneSyncApi, sync: string): SyncsLine[] {
  const node = api.syncs.getChildren().find((n) => n.kind === 'sync' && n.name === sync);
  assert.ok(node, `the Syncs view lists no sync ${sync}`);
  return api.syncs.getChildren(node).map((child) => {
    const item = api.syncs.getTreeItem(child);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    const description = typeof item.description === 'string' ? item.description : undefined;
    return { label, description, contextValue: item.contextValue, command: item.command, node: child };
  });
}

/**
 * The commands the extension's manifest offers on a tree item of `view` with this context value, in one menu group
 * (`inline` for the buttons on the row, else the context menu's group name). It evaluates the `when` clauses the
 * manifest uses (`view == X`, `viewItem == X`, `viewItem =~ /RE/`, joined by `&&`) and fails on any other form,
 * so a clause it cannot read never passes silently.
 */
export function menuCommands(view: string, contextValue: string, group = 'inline'): string[] {
  const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
    contributes?: { menus?: Record<string, Array<{ command: string; when?: string; group?: string }>> };
  };
  const items = manifest.contributes?.menus?.['view/item/context'] ?? [];
  const holds = (clause: string): boolean => {
    const equal = /^(view|viewItem)\s*==\s*(\S+)$/.exec(clause);
    if (equal) return (equal[1] === 'view' ? view : contextValue) === equal[2];
    const match = /^viewItem\s*=~\s*\/(.+)\/([a-z]*)$/.exec(clause);
    if (match) return new RegExp(match[1] as string, match[2]).test(contextValue);
    throw new Error(`menuCommands cannot evaluate the when clause "${clause}"`);
  };
  return items
    .filter((m) => (m.group ?? '').split('@')[0] === group)
    .filter((m) => (m.when ?? '').split('&&').every((clause) => holds(clause.trim())))
    .sort((a, b) => (a.group ?? '').localeCompare(b.group ?? ''))
    .map((m) => m.command);
}
