// Workspace trust (DESIGN.md §9.3): in an untrusted workspace validation works, but nothing runs and no
// token is read or stored, because a config decides which sites receive data and tokens.
import * as vscode from 'vscode';

/** True when trusted; otherwise says why the action is refused and returns false. */
export function refuseIfUntrusted(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(
      `Backbone Sync: ${action} needs a trusted workspace. A sync config decides which Jira sites receive ` +
        'your data and tokens, so runs and tokens are disabled until you trust this folder. Validation still works.',
      'Manage Workspace Trust',
    )
    .then((pick) => {
      if (pick) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}
