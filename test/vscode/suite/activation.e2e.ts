import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi } from './api';
import { metric, test } from './harness';
import { EXTENSION_ID, codeOf, fileInWorkspace, openConfig, waitForDiagnostics } from './helpers';

test(
  'the extension activates on a *.sync.yaml file and the language server publishes diagnostics for a broken config',
  async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
    const uri = fileInWorkspace('broken.sync.yaml');
    const diagnostics = waitForDiagnostics(uri, (list) => list.some((d) => d.source === 'backbone-sync'));
    const document = await openConfig('broken.sync.yaml');
    assert.equal(document.languageId, 'backbone-sync');
    const api = await extensionApi();
    metric('activationTimeMs', api.activationTimeMs);
    const found = await diagnostics;
    const codes = found.map(codeOf);
    assert.ok(codes.includes('inline-secret'), `expected inline-secret among [${codes.join(', ')}]`);
    assert.ok(codes.includes('unknown-site'), `expected unknown-site among [${codes.join(', ')}]`);
    const secret = found.find((d) => codeOf(d) === 'inline-secret');
    assert.equal(secret?.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(secret?.range.start.line, 6, 'inline-secret is on the token value (line 7)');
  },
  { trust: 'any' },
);

test(
  'completion at the top level of a config offers the schema keys',
  async () => {
    const api = await extensionApi();
    await api.languageServerReady;
    const uri = fileInWorkspace('completion.sync.yaml');
    await vscode.workspace.fs.writeFile(
      uri,
      new TextEncoder().encode('version: 1\nname: completion-example\n\n'),
    );
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      new vscode.Position(2, 0),
    );
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    for (const key of ['sites', 'source', 'target', 'fields', 'personalData']) {
      assert.ok(
        labels.some((l) => l === key || l.startsWith(`${key}:`) || l.startsWith(`${key} `)),
        `expected ${key} in [${labels.join(', ')}]`,
      );
    }
  },
  { trust: 'any' },
);

test(
  'every command is registered, and every contributed command has the category "Backbone Sync"',
  async () => {
    await extensionApi();
    const registered = new Set(await vscode.commands.getCommands(true));
    const required = [
      'backbone.runSync',
      'backbone.dryRun',
      'backbone.retryEntry',
      'backbone.retryAll',
      'backbone.ignoreEntry',
      'backbone.syncIntoNewIssue',
      'backbone.ignoreFutureChanges',
      'backbone.resumeSync',
      'backbone.openInJira',
      'backbone.goToMapping',
      'backbone.setToken',
      'backbone.clearToken',
      'backbone.refreshMetadata',
      'backbone.personalDataReport',
      'backbone.eraseAccount',
      'backbone.showLog',
    ];
    const missing = required.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: { commands: Array<{ command: string; category?: string }> };
    };
    for (const c of manifest.contributes.commands) {
      assert.ok(registered.has(c.command), `${c.command} is contributed but not registered`);
      assert.equal(c.category, 'Backbone Sync', `${c.command} has category ${c.category}`);
    }
  },
  { trust: 'any' },
);
