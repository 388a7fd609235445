// Protocol tests of the diagnostics pipeline against the built server over stdio, as an editor runs it:
// one publish per version carrying that version, the newest version wins, cleared on close, re-validated
// when settings change. Every wait is on a notification, raced against a timeout.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocumentSyncKind } from 'vscode-languageserver-protocol/node';
import { VALID_CONFIG } from '../helpers/configs';
import type { LspSession } from './helpers';
import { errorsOf, startLanguageServer, uriOf } from './helpers';

/** The versions published for a uri, in arrival order (the clearing publish of a close has none). */
function versionsOf(server: LspSession, uri: string): (number | undefined)[] {
  return server.publishedFor(uri).map((p) => p.version);
}

describe('language server diagnostics over stdio', () => {
  let server: LspSession;
  before(async () => {
    server = await startLanguageServer();
  });
  after(async () => {
    await server?.dispose();
  });

  test('initialize answers with incremental document sync', () => {
    const sync = server.initializeResult?.capabilities.textDocumentSync;
    const kind = typeof sync === 'object' ? sync.change : sync;
    assert.equal(kind, TextDocumentSyncKind.Incremental);
    assert.equal(server.initializeResult?.serverInfo?.name, 'backbone-sync-language-server');
  });

  test('a valid config opened gets an empty publish carrying its version', async () => {
    const uri = uriOf('valid.sync.yaml');
    const diagnostics = await server.openAndWait(uri, VALID_CONFIG, 1);
    assert.deepEqual(errorsOf(diagnostics), []);
    await server.close(uri);
  });

  test('a broken config gets the exact range, code, severity and source', async () => {
    const uri = uriOf('broken.sync.yaml');
    const text = VALID_CONFIG.replace('project: ENG', 'project: eng');
    const line = text.split('\n').findIndex((l) => l.includes('project: eng'));
    const character = text.split('\n')[line]!.indexOf('project: eng') + 'project: '.length;
    const diagnostics = errorsOf(await server.openAndWait(uri, text, 7));
    assert.equal(diagnostics.length, 1);
    assert.deepEqual(diagnostics[0]?.range, {
      start: { line, character },
      end: { line, character: character + 3 },
    });
    assert.equal(diagnostics[0]?.code, 'schema');
    assert.equal(diagnostics[0]?.severity, 1);
    assert.equal(diagnostics[0]?.source, 'backbone-sync');
    assert.match(diagnostics[0]?.codeDescription?.href ?? '', /^file:\/\/.*\/docs\/diagnostics\.md#schema$/);
    await server.close(uri);
  });

  test('several quick edits: the last publish carries the last version and its diagnostics; none is stale', async () => {
    const uri = uriOf('typing.sync.yaml');
    await server.openAndWait(uri, VALID_CONFIG, 1);
    // Type `priorty` one keystroke at a time, as fast as the client can send.
    const base = VALID_CONFIG.replace('  priority:', '  XX:');
    let version = 1;
    for (const typed of ['p', 'pr', 'pri', 'prio', 'prior', 'priort', 'priorty']) {
      version = await server.change(uri, base.replace('  XX:', `  ${typed}:`));
    }
    const last = await server.errorsFor(uri, version);
    assert.deepEqual(
      last.map((d) => [d.code, d.message]),
      [['unknown-field', '`priorty` is not a Jira field id (source). Did you mean `priority`?']],
    );
    // One more edit, fixing the typo: its publish comes after everything that was in flight.
    const fixed = await server.change(uri, VALID_CONFIG);
    assert.deepEqual(await server.errorsFor(uri, fixed), []);
    const versions = versionsOf(server, uri) as number[];
    assert.equal(versions[versions.length - 1], fixed);
    for (let i = 1; i < versions.length; i++) {
      assert.ok(versions[i]! > versions[i - 1]!, `a stale version was published: ${versions.join(', ')}`);
    }
    await server.close(uri);
  });

  test('incremental edits are applied before validation', async () => {
    const uri = uriOf('incremental.sync.yaml');
    await server.openAndWait(uri, VALID_CONFIG, 1);
    const line = VALID_CONFIG.split('\n').findIndex((l) => l.startsWith('version: 1'));
    const version = await server.edit(
      uri,
      { start: { line, character: 9 }, end: { line, character: 10 } },
      '3',
    );
    const diagnostics = await server.errorsFor(uri, version);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start, d.message]),
      [
        [
          'schema',
          { line, character: 9 },
          '`version` must be `1`: it is the only version of this file format.',
        ],
      ],
    );
    await server.close(uri);
  });

  test('didClose clears the diagnostics of that document', async () => {
    const uri = uriOf('closing.sync.yaml');
    const diagnostics = await server.openAndWait(uri, 'version: 2\n', 1);
    assert.ok(diagnostics.length > 0);
    const from = server.published.length;
    await server.close(uri);
    const cleared = await server.clearedFor(uri, from);
    assert.deepEqual(cleared.diagnostics, []);
  });

  test('a document reopened after close is validated again from its new version', async () => {
    const uri = uriOf('reopened.sync.yaml');
    await server.openAndWait(uri, 'version: 2\n', 1);
    const from = server.published.length;
    await server.close(uri);
    await server.clearedFor(uri, from);
    assert.deepEqual(errorsOf(await server.openAndWait(uri, VALID_CONFIG, 1)), []);
    await server.close(uri);
  });

  test('didChangeConfiguration re-validates every open document', async () => {
    const a = uriOf('config-a.sync.yaml');
    const b = uriOf('config-b.sync.yaml');
    await server.openAndWait(a, VALID_CONFIG, 3);
    await server.openAndWait(b, 'version: 2\n', 5);
    const from = server.published.length;
    await server.changeConfiguration({ backbone: { validation: { delay: 5 } } });
    const [againA, againB] = await Promise.all([
      server.waitForPublish((p) => p.uri === a && p.version === 3, { fromIndex: from }),
      server.waitForPublish((p) => p.uri === b && p.version === 5, { fromIndex: from }),
    ]);
    assert.deepEqual(errorsOf(againA.diagnostics), []);
    assert.ok(againB.diagnostics.some((d) => d.code === 'schema'));
    await server.close(a);
    await server.close(b);
  });
});

describe('settings pulled with workspace/configuration', () => {
  test('a client that supports workspace/configuration is asked for `backbone`, then documents are re-validated', async () => {
    const asked: (string | undefined)[] = [];
    const server = await startLanguageServer({
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
      },
      configuration: (section) => {
        asked.push(section);
        return { validation: { delay: 5 } };
      },
    });
    try {
      const uri = uriOf('pulled.sync.yaml');
      await server.openAndWait(uri, VALID_CONFIG, 1);
      const from = server.published.length;
      await server.changeConfiguration(null);
      await server.waitForPublish((p) => p.uri === uri && p.version === 1, { fromIndex: from });
      assert.ok(asked.includes('backbone'), `asked for ${JSON.stringify(asked)}`);
    } finally {
      await server.dispose();
    }
  });
});
