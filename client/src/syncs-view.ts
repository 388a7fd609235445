// The Syncs view: every config of the workspace with its last run (time, outcome, counts) from
// `backbone-sync status --format json`, plus syncs of the state directory whose config is elsewhere.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { RunJson, SyncStatusJson } from '../../server/src/protocol/cli-json';
import type { ConfigFile, Configs } from './configs';
import type { Runs } from './runs';
import type { SyncState } from './state';
import { relativeTime } from './troubleshooting-view';

export type SyncsNode =
  | { kind: 'sync'; name: string; config?: ConfigFile; status?: SyncStatusJson }
  | {
      kind: 'detail';
      label: string;
      description?: string;
      icon: string;
      tooltip?: string;
      /** For the line of stopped issues: the sync, whose stopped issues Resume Syncing offers. */
      stoppedOf?: string;
    };

const OUTCOME: Record<string, { text: string; icon: string; color?: string }> = {
  synced: { text: 'synced', icon: 'pass', color: 'testing.iconPassed' },
  'open-entries': { text: 'open entries', icon: 'warning', color: 'problemsWarningIcon.foreground' },
  'invalid-config': { text: 'invalid config', icon: 'error', color: 'problemsErrorIcon.foreground' },
  'could-not-run': { text: 'could not run', icon: 'error', color: 'problemsErrorIcon.foreground' },
  cancelled: { text: 'cancelled', icon: 'circle-slash' },
  running: { text: 'running', icon: 'sync~spin' },
  interrupted: { text: 'interrupted', icon: 'debug-disconnect' },
};

function countsText(run: RunJson): string {
  const c = run.counts;
  const stopped = c.stopped ? ` · ${c.stopped} skipped` : '';
  return `${c.created} created · ${c.updated} updated · ${c.unchanged} unchanged · ${c.failed} failed${stopped}`;
}

export class SyncsView implements vscode.TreeDataProvider<SyncsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SyncsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<SyncsNode>;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly configs: Configs,
    private readonly state: SyncState,
    private readonly runs: Runs,
  ) {
    this.view = vscode.window.createTreeView('backbone.syncs', { treeDataProvider: this });
    const refresh = (): void => this.changed.fire(undefined);
    this.subscriptions = [
      configs.onDidChange(refresh),
      state.onDidChange(() => {
        void vscode.commands.executeCommand(
          'setContext',
          'backbone.runCount',
          this.state.syncs.filter((s) => s.lastRun).length,
        );
        refresh();
      }),
      runs.onDidEmit((e) => {
        if (e.event.type === 'run-started') refresh();
      }),
      runs.onDidFinish(refresh),
    ];
  }

  getChildren(node?: SyncsNode): SyncsNode[] {
    if (!node) {
      // An empty list shows the welcome content ("Create a sync config" / "No runs yet").
      if (this.configs.all.length === 0) return [];
      const nodes: SyncsNode[] = this.configs.all.map((config) => ({
        kind: 'sync',
        name: config.name,
        config,
        status:
          this.state.syncs.find((s) => s.configPath === config.uri.fsPath) ??
          this.state.syncs.find((s) => s.name === config.name),
      }));
      for (const status of this.state.syncs) {
        if (!nodes.some((n) => n.kind === 'sync' && n.status === status)) {
          nodes.push({ kind: 'sync', name: status.name, status });
        }
      }
      return nodes;
    }
    if (node.kind !== 'sync') return [];
    const details: SyncsNode[] = [];
    const status = node.status;
    if (status?.problem) {
      details.push({
        kind: 'detail',
        label: status.problem.message,
        icon: 'error',
        tooltip: status.problem.code,
      });
      return details;
    }
    const last = status?.lastRealRun ?? status?.lastRun ?? null;
    if (!last) {
      details.push({ kind: 'detail', label: 'Never run', icon: 'circle-outline' });
    } else {
      const outcome = OUTCOME[last.outcome] ?? { text: last.outcome, icon: 'info' };
      details.push({
        kind: 'detail',
        label: `Last run: ${outcome.text}`,
        description: `${relativeTime(last.finishedAt ?? last.startedAt)}${last.dryRun ? ' (dry run)' : ''}`,
        icon: outcome.icon,
        tooltip: new Date(last.finishedAt ?? last.startedAt).toLocaleString(),
      });
      details.push({ kind: 'detail', label: countsText(last), icon: 'symbol-number' });
    }
    if (status) {
      details.push({
        kind: 'detail',
        label: `${status.openEntries} open troubleshooting ${status.openEntries === 1 ? 'entry' : 'entries'}`,
        icon: status.openEntries ? 'warning' : 'check',
      });
      if (status.stoppedIssues > 0) {
        details.push({
          kind: 'detail',
          label: `${status.stoppedIssues} source ${status.stoppedIssues === 1 ? 'issue' : 'issues'} not synced`,
          description: 'future changes ignored',
          icon: 'circle-slash',
          tooltip:
            'Ignore Future Changes was chosen for these issues after their target issue was deleted. ' +
            'Click to resume syncing one (into a new target issue).',
          stoppedOf: status.name,
        });
      }
    }
    if (node.config) {
      details.push({ kind: 'detail', label: vscode.workspace.asRelativePath(node.config.uri), icon: 'file' });
    }
    return details;
  }

  getTreeItem(node: SyncsNode): vscode.TreeItem {
    if (node.kind === 'detail') {
      const item = new vscode.TreeItem(node.label);
      item.description = node.description;
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.tooltip = node.tooltip;
      if (node.stoppedOf !== undefined) {
        item.contextValue = 'stoppedIssues';
        item.command = { command: 'backbone.resumeSync', title: 'Resume Syncing', arguments: [node] };
      }
      return item;
    }
    const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `sync:${node.config?.uri.fsPath ?? node.name}`;
    const running = node.config ? this.runs.isRunning(node.config.uri) : Boolean(node.status?.running);
    const last = node.status?.lastRealRun ?? node.status?.lastRun ?? null;
    const outcome = running ? OUTCOME.running : last ? OUTCOME[last.outcome] : undefined;
    item.iconPath = outcome
      ? new vscode.ThemeIcon(outcome.icon, outcome.color ? new vscode.ThemeColor(outcome.color) : undefined)
      : new vscode.ThemeIcon('sync');
    item.description = running
      ? 'running…'
      : last
        ? `${outcome?.text ?? last.outcome} · ${relativeTime(last.finishedAt ?? last.startedAt)}`
        : 'never run';
    item.tooltip = node.config
      ? `${node.name} (${basename(node.config.uri.fsPath)})`
      : `${node.name} (config not in this workspace)`;
    item.contextValue = node.config ? 'sync' : 'sync.external';
    if (node.config) {
      // No resourceUri: its file decoration (the Problems count) would read as a count of entries.
      item.command = { command: 'vscode.open', title: 'Open Config', arguments: [node.config.uri] };
    }
    return item;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.view.dispose();
    this.changed.dispose();
  }
}
