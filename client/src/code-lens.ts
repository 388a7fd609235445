// "▶ Run sync · Dry run" above a config's `name:` line.
import * as vscode from 'vscode';
import type { Runs } from './runs';

export class RunCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(runs: Runs) {
    const refresh = (): void => this.changed.fire();
    this.subscriptions = [
      runs.onDidEmit((e) => {
        if (e.event.type === 'run-started') refresh();
      }),
      runs.onDidFinish(refresh),
      vscode.workspace.onDidGrantWorkspaceTrust(refresh),
    ];
    this.runs = runs;
  }

  private readonly runs: Runs;

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const line = findNameLine(document);
    if (line === undefined) return [];
    const range = new vscode.Range(line, 0, line, 0);
    if (!vscode.workspace.isTrusted) {
      return [
        new vscode.CodeLens(range, {
          title: '$(shield) Runs need a trusted workspace',
          command: 'workbench.trust.manage',
        }),
      ];
    }
    if (this.runs.isRunning(document.uri)) {
      return [new vscode.CodeLens(range, { title: '$(sync~spin) Running…', command: 'backbone.showLog' })];
    }
    return [
      new vscode.CodeLens(range, {
        title: '▶ Run sync',
        command: 'backbone.runSync',
        arguments: [document.uri],
      }),
      new vscode.CodeLens(range, { title: 'Dry run', command: 'backbone.dryRun', arguments: [document.uri] }),
    ];
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

function findNameLine(document: vscode.TextDocument): number | undefined {
  for (let line = 0; line < Math.min(document.lineCount, 200); line++) {
    if (/^name\s*:/.test(document.lineAt(line).text)) return line;
  }
  return undefined;
}
