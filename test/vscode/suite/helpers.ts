// Waiting helpers for the suite: every wait is on an event with a generous timeout, never a fixed sleep.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'backbone-sync.backbone-sync';

export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the end-to-end suite needs a workspace folder (the host opens one)');
  return folder.uri;
}

export function fileInWorkspace(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder(), name);
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Resolves with the document's diagnostics once `accept` holds; listens to onDidChangeDiagnostics. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = 60_000,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    const check = (): boolean => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!accept(diagnostics)) return false;
      finish();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === key)) check();
    });
    const timer = setTimeout(() => {
      finish();
      const got = vscode.languages.getDiagnostics(uri).map((d) => `${codeOf(d)}@${d.range.start.line + 1}`);
      reject(
        new Error(
          `diagnostics of ${uri.fsPath} not as expected after ${timeoutMs} ms; got [${got.join(', ')}]`,
        ),
      );
    }, timeoutMs);
    function finish(): void {
      clearTimeout(timer);
      subscription.dispose();
    }
    check();
  });
}

/** Resolves on the first event that `accept`s, rejects after the timeout. */
export function waitForEvent<T>(
  event: vscode.Event<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const subscription = event((value) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

export async function openConfig(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fileInWorkspace(name));
  await vscode.window.showTextDocument(document);
  return document;
}
