import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { metric, test } from './harness';
import { EXTENSION_ID, codeOf, fileInWorkspace, openConfig, waitForDiagnostics } from './helpers';

interface ExtensionApi {
  activationTimeMs: number;
}

test(
  'the extension activates on a *.sync.yaml file and the language server publishes diagnostics for a broken config',
  async () => {
    const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
    const uri = fileInWorkspace('broken.sync.yaml');
    const diagnostics = waitForDiagnostics(uri, (list) => list.some((d) => d.source === 'backbone-sync'));
    const document = await openConfig('broken.sync.yaml');
    assert.equal(document.languageId, 'backbone-sync');
    const api = await extension.activate();
    metric('activationTimeMs', api.activationTimeMs);
    const codes = (await diagnostics).map(codeOf);
    assert.ok(codes.includes('inline-secret'), `expected inline-secret among [${codes.join(', ')}]`);
    assert.ok(codes.includes('unknown-site'), `expected unknown-site among [${codes.join(', ')}]`);
  },
  { trust: 'any' },
);
