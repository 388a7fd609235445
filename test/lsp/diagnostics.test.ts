// Protocol tests of the diagnostics pipeline against the built server over stdio, as an editor runs it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID_CONFIG } from '../helpers/configs';
import type { LspSession } from './helpers';
import { startLanguageServer, uriOf } from './helpers';

describe('language server diagnostics over stdio', () => {
  let server: LspSession;
  before(async () => {
    server = await startLanguageServer();
  });
  after(async () => {
    await server?.dispose();
  });

  test('a valid config opened gets an empty publish carrying its version', async () => {
    const uri = uriOf('valid.sync.yaml');
    const diagnostics = await server.openAndWait(uri, VALID_CONFIG, 1);
    assert.deepEqual(diagnostics, []);
  });
});
