// The Troubleshooting view: open entries grouped by sync, then by source issue, read like Backbone's
// troubleshooting view (Error, Occurred in, Triggered by, Time), with a badge counting open entries.
import * as vscode from 'vscode';
import type { EntryJson } from '../../server/src/protocol/cli-json';
import { isDeletedTargetEntry } from '../../server/src/protocol/events';
import { categoryIcon, entryTitle } from './categories';
import { entryTooltip } from './entry-details';
import type { SyncState } from './state';

export type TroubleshootingNode =
  | { kind: 'sync'; sync: string; entries: EntryJson[] }
  | { kind: 'issue'; sync: string; key: string; entries: EntryJson[] }
  | { kind: 'entry'; entry: EntryJson }
  | { kind: 'problem'; message: string };

export class TroubleshootingView implements vscode.TreeDataProvider<TroubleshootingNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TroubleshootingNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<TroubleshootingNode>;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly state: SyncState) {
    this.view = vscode.window.createTreeView('backbone.troubleshooting', {
      treeDataProvider: this,
      showCollapseAll: true,
    });
    this.subscription = state.onDidChange(() => this.update());
  }

  private update(): void {
    const open = this.state.entries.length;
    this.view.badge = open
      ? { value: open, tooltip: `${open} open troubleshooting ${open === 1 ? 'entry' : 'entries'}` }
      : undefined;
    this.view.message = this.state.error ? `Could not read the sync state: ${this.state.error}` : undefined;
    this.changed.fire(undefined);
  }

  getChildren(node?: TroubleshootingNode): TroubleshootingNode[] {
    if (!node) {
      const bySync = groupBy(this.state.entries, (e) => e.sync);
      return [...bySync].map(([sync, entries]) => ({ kind: 'sync', sync, entries }));
    }
    if (node.kind === 'sync') {
      const byIssue = groupBy(node.entries, (e) => e.triggeredBy.key);
      return [...byIssue].map(([key, entries]) => ({ kind: 'issue', sync: node.sync, key, entries }));
    }
    if (node.kind === 'issue') return node.entries.map((entry) => ({ kind: 'entry', entry }));
    return [];
  }

  getParent(node: TroubleshootingNode): TroubleshootingNode | undefined {
    if (node.kind !== 'entry') return undefined;
    const { entry } = node;
    const inIssue = this.state.entries.filter(
      (e) => e.sync === entry.sync && e.triggeredBy.key === entry.triggeredBy.key,
    );
    return { kind: 'issue', sync: entry.sync, key: entry.triggeredBy.key, entries: inIssue };
  }

  getTreeItem(node: TroubleshootingNode): vscode.TreeItem {
    switch (node.kind) {
      case 'sync': {
        const item = new vscode.TreeItem(node.sync, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `sync:${node.sync}`;
        item.description = `${node.entries.length} open`;
        item.iconPath = new vscode.ThemeIcon('sync');
        item.contextValue = 'sync';
        item.tooltip = `${node.sync}: ${node.entries.length} open troubleshooting entries`;
        return item;
      }
      case 'issue': {
        const item = new vscode.TreeItem(node.key, vscode.TreeItemCollapsibleState.Expanded);
        const target = node.entries[0]?.occurredIn;
        item.id = `issue:${node.sync}:${node.key}`;
        item.description = target ? `→ ${target.key}` : '→ not created yet';
        item.tooltip = `Triggered by ${node.key}${target ? `, occurred in ${target.key}` : ''}`;
        item.iconPath = new vscode.ThemeIcon('issues');
        item.contextValue = 'issue';
        return item;
      }
      case 'entry': {
        const { entry } = node;
        const label = `${entryTitle(entry)}${entry.fieldId ? `: ${entry.fieldId}` : ''}`;
        const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
        item.id = `entry:${entry.id}`;
        item.description = `${relativeTime(entry.lastSeen)}${entry.attempts > 1 ? ` · ${entry.attempts} attempts` : ''}`;
        item.tooltip = entryTooltip(entry);
        item.iconPath = categoryIcon(entry.category);
        const jira = entry.occurredIn?.url || entry.triggeredBy.url ? '.jira' : '';
        const mapping = entry.configPath && entry.configLine ? '.mapping' : '';
        // The menus key on this: a deleted target issue offers Sync into a New Issue and Ignore Future Changes
        // instead of Retry and Ignore (client/scripts/manifest.mjs).
        const kind = isDeletedTargetEntry(entry) ? 'DeletedTarget' : 'Retryable';
        item.contextValue = `entry${kind}${jira}${mapping}`;
        item.command = { command: 'backbone.showEntry', title: 'Show Entry Details', arguments: [entry.id] };
        return item;
      }
      case 'problem': {
        const item = new vscode.TreeItem(node.message);
        item.iconPath = new vscode.ThemeIcon('error');
        return item;
      }
    }
  }

  /** Reveals an entry and focuses the view (after a run: "Show Entries"). */
  async reveal(entryId?: string): Promise<void> {
    const entry = entryId ? this.state.entry(entryId) : this.state.entries[0];
    await vscode.commands.executeCommand('backbone.troubleshooting.focus');
    if (entry) await this.view.reveal({ kind: 'entry', entry }, { select: true, focus: false, expand: true });
  }

  dispose(): void {
    this.subscription.dispose();
    this.view.dispose();
    this.changed.dispose();
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

export function relativeTime(iso: string, now = Date.now()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(then).toLocaleDateString();
}
