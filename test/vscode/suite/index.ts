// The end-to-end suite's index: the `run()` module that @vscode/test-electron and the code-server host
// both load into the extension host (test/vscode/host/run-e2e.ts, test/vscode/desktop/run-desktop.ts).
import * as vscode from 'vscode';
import { runRegistered } from './harness';
import './activation.e2e';
import './runs.e2e';
import './untrusted.e2e';

export async function run(): Promise<void> {
  const grep = process.env.BACKBONE_E2E_GREP || undefined;
  const result = await runRegistered(vscode.workspace.isTrusted, grep);
  if (result.failed > 0) throw new Error(`${result.failed} end-to-end test(s) failed`);
}
