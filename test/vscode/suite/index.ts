// The end-to-end suite's index: the `run()` module that @vscode/test-electron and the code-server host
// both load into the extension host (test/vscode/host/run-e2e.ts, test/vscode/desktop/run-desktop.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { runRegistered } from './harness';
import './activation.e2e';
import './runs.e2e';
import './untrusted.e2e';
import './metadata.e2e';
import './tokens.e2e';
import './privacy.e2e';
import './deleted-target.e2e';

function runInfo(): { grep?: string } {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return {};
  try {
    const info = JSON.parse(readFileSync(join(folder.uri.fsPath, 'e2e-run.json'), 'utf8')) as {
      grep?: string | null;
    };
    return info.grep ? { grep: info.grep } : {};
  } catch {
    return {};
  }
}

export async function run(): Promise<void> {
  // code-server's extension host does not inherit the runner's environment: the runner writes the filter
  // into the workspace's e2e-run.json; desktop runs may also set BACKBONE_E2E_GREP.
  const grep = runInfo().grep ?? (process.env.BACKBONE_E2E_GREP || undefined);
  const result = await runRegistered(vscode.workspace.isTrusted, grep);
  if (result.failed > 0) throw new Error(`${result.failed} end-to-end test(s) failed`);
}
