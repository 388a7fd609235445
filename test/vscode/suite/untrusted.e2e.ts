// Workspace trust (DESIGN.md §9.3): in an untrusted workspace validation works (activation test runs in
// both passes), but runs and tokens are refused with a message.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunResult } from '../../../client/src/runs';
import { extensionApi } from './api';
import { demoConfig, writeWorkspaceFile } from './emulator';
import { test } from './harness';

test(
  'an untrusted workspace refuses to run a sync or store a token',
  async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const api = await extensionApi();
    let events = 0;
    const counting = api.onDidRunEvent(() => events++);
    try {
      const uri = await writeWorkspaceFile('untrusted.sync.yaml', demoConfig('untrusted'));
      const run = await vscode.commands.executeCommand<RunResult>('backbone.runSync', uri);
      assert.deepEqual(run, { exitCode: null, counts: null, refused: 'untrusted-workspace' });
      const dry = await vscode.commands.executeCommand<RunResult>('backbone.dryRun', uri);
      assert.equal(dry.refused, 'untrusted-workspace');
      const stored = await vscode.commands.executeCommand<boolean>('backbone.setToken', 'T_ENG_TOKEN');
      assert.equal(stored, false);
      assert.equal(events, 0, 'no engine process may start');
    } finally {
      counting.dispose();
    }
  },
  { trust: 'untrusted' },
);
