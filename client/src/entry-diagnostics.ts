// Open entries as diagnostics on the mapping line to blame ("3 issues failed to import: field not on
// screen"), so a config shows what failed where it is fixed. Cleared when the entries are resolved.
import * as vscode from 'vscode';
import type { EntryJson } from '../../server/src/protocol/cli-json';
import { categoryTitle } from './categories';
import type { SyncState } from './state';

export class EntryDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('backbone-sync-entries');
  private readonly subscription: vscode.Disposable;

  constructor(private readonly state: SyncState) {
    this.subscription = state.onDidChange(() => void this.update());
  }

  private async update(): Promise<void> {
    const groups = new Map<string, { path: string; line: number; entries: EntryJson[] }>();
    for (const entry of this.state.entries) {
      if (!entry.configPath || !entry.configLine) continue;
      const key = `${entry.configPath}\u0000${entry.configLine}\u0000${entry.category}`;
      const group = groups.get(key) ?? { path: entry.configPath, line: entry.configLine, entries: [] };
      group.entries.push(entry);
      groups.set(key, group);
    }
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const group of groups.values()) {
      const first = group.entries[0] as EntryJson;
      const issues = new Set(group.entries.map((e) => e.triggeredBy.key));
      const count = issues.size;
      const what = categoryTitle(first.category).toLowerCase();
      const message =
        `${count} ${count === 1 ? 'issue' : 'issues'} failed to import: ${what}` +
        `${first.fieldId ? ` (${first.fieldId})` : ''}. ${[...issues].slice(0, 5).join(', ')}${count > 5 ? ', …' : ''}`;
      const range = await lineRange(group.path, group.line - 1);
      const diagnostic = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Warning);
      diagnostic.source = 'backbone-sync run';
      diagnostic.code = first.category;
      const list = byFile.get(group.path) ?? [];
      list.push(diagnostic);
      byFile.set(group.path, list);
    }
    this.collection.clear();
    for (const [path, diagnostics] of byFile) this.collection.set(vscode.Uri.file(path), diagnostics);
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}

/** The line's text without its indentation, or the whole line when the file cannot be read. */
async function lineRange(path: string, line: number): Promise<vscode.Range> {
  try {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
    if (line < document.lineCount) {
      const text = document.lineAt(line);
      return new vscode.Range(line, text.firstNonWhitespaceCharacterIndex, line, text.range.end.character);
    }
  } catch {
    // the config moved or was deleted: fall back to the line number
  }
  return new vscode.Range(Math.max(0, line), 0, Math.max(0, line), Number.MAX_SAFE_INTEGER);
}
