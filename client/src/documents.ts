// Read-only Markdown documents the extension shows in VS Code's Markdown preview: a dry run's plan,
// an entry's details, the personal-data report. Served from memory under the `backbone-sync` scheme.
import * as vscode from 'vscode';

export const SCHEME = 'backbone-sync';

export class MarkdownDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path) ?? '# Nothing to show\n\nThis document is no longer available.';
  }

  /** Sets the document's text and opens (or refreshes) its Markdown preview beside the editor. */
  async show(path: string, markdown: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: path.endsWith('.md') ? path : `${path}.md` });
    this.contents.set(uri.path, markdown);
    this.changed.fire(uri);
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    return uri;
  }

  get(uri: vscode.Uri): string | undefined {
    return this.contents.get(uri.path);
  }
}

/** Escapes text for Markdown tables and inline use (our own words and Jira keys only ever reach here). */
export function md(text: unknown): string {
  return String(text ?? '')
    .replace(/[\\`*_{}[\]<>|]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ');
}
