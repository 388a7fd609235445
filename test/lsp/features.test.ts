// Protocol tests of the authoring features against the built server over stdio, as an editor runs it:
// completion while typing (incremental edits), hover with the `backbone/tokenStatus` request answered,
// failed or left unanswered by the client, quick fixes from the diagnostics the client sends back,
// outline, folding and CodeLens. Every wait is on a response or notification, raced against a timeout.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  InsertTextMode,
} from 'vscode-languageserver-protocol/node';
import type {
  CompletionItem,
  CompletionList,
  DocumentSymbol,
  Hover,
  TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TOKEN_STATUS_REQUEST } from '../../server/src/protocol/lsp';
import type { TokenStatusParams, TokenStatusResult } from '../../server/src/protocol/lsp';
import { VALID_CONFIG } from '../helpers/configs';
import type { LspSession } from './helpers';
import { DEFAULT_TIMEOUT_MS, startLanguageServer, uriOf } from './helpers';

function lineOf(text: string, needle: string): number {
  const line = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `no line with ${needle}`);
  return line;
}

async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), DEFAULT_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function itemsOf(result: CompletionList | CompletionItem[] | null): CompletionItem[] {
  if (!result) return [];
  return Array.isArray(result) ? result : result.items;
}

function markdown(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover');
  return (hover.contents as { value: string }).value;
}

describe('authoring features over stdio', () => {
  let server: LspSession;
  let tokenAnswer: (params: TokenStatusParams) => Promise<TokenStatusResult>;
  const asked: string[] = [];
  before(async () => {
    server = await startLanguageServer();
    server.connection.onRequest(TOKEN_STATUS_REQUEST, (params: TokenStatusParams) => {
      asked.push(params.name);
      return tokenAnswer(params);
    });
  });
  after(async () => {
    await server?.dispose();
  });

  test('initialize advertises completion, hover, symbols, folding, quick fixes and CodeLens', () => {
    const caps = server.initializeResult?.capabilities;
    assert.ok(caps?.completionProvider);
    assert.equal(caps?.hoverProvider, true);
    assert.equal(caps?.documentSymbolProvider, true);
    assert.equal(caps?.foldingRangeProvider, true);
    assert.deepEqual(caps?.codeActionProvider, { codeActionKinds: ['quickfix'] });
    assert.deepEqual(caps?.codeLensProvider, { resolveProvider: false });
  });

  test('completion follows typing: a half-typed key in the newest version gets the field ids', async () => {
    const uri = uriOf('completion.sync.yaml');
    await server.open(uri, VALID_CONFIG, 1);
    const line = lineOf(VALID_CONFIG, 'customfield_10010');
    // Type a new line `  ass` after the last mapping, one keystroke per version, without waiting.
    const end = VALID_CONFIG.split('\n')[line]!.length;
    await server.edit(uri, { start: { line, character: end }, end: { line, character: end } }, '\n  ');
    for (const [i, ch] of [...'ass'].entries()) {
      const at = { line: line + 1, character: 2 + i };
      await server.edit(uri, { start: at, end: at }, ch);
    }
    const items = itemsOf(
      await within(
        server.connection.sendRequest(CompletionRequest.type, {
          textDocument: { uri },
          position: { line: line + 1, character: 5 },
        }),
        'completion',
      ),
    );
    const assignee = items.find((i) => i.label === 'assignee');
    assert.ok(assignee, `no assignee among ${items.map((i) => i.label).join(', ')}`);
    assert.equal(assignee.detail, 'Assignee · personal data');
    assert.deepEqual(assignee.textEdit, {
      range: { start: { line: line + 1, character: 2 }, end: { line: line + 1, character: 5 } },
      newText: 'assignee: ${1:assignee}',
    });
    assert.ok(!items.some((i) => i.label === 'summary'), 'mapped source fields are not offered again');
    await server.close(uri);
  });

  test('completion of a nested object key inserts indented text as is', async () => {
    const uri = uriOf('nested.sync.yaml');
    const text = 'version: 1\nfields:\n  priority:\n    target: priority\n    \n';
    await server.open(uri, text, 1);
    const items = itemsOf(
      await within(
        server.connection.sendRequest(CompletionRequest.type, {
          textDocument: { uri },
          position: { line: 4, character: 4 },
        }),
        'completion',
      ),
    );
    const correlate = items.find((i) => i.label === 'correlate');
    assert.equal(correlate?.insertTextMode, InsertTextMode.asIs);
    assert.equal((correlate?.textEdit as TextEdit).newText, 'correlate:\n      $0');
    await server.close(uri);
  });

  test('hover of `${env:NAME}` shows what the client answers, and "unknown" when it fails or is silent', async () => {
    const uri = uriOf('hover.sync.yaml');
    await server.open(uri, VALID_CONFIG, 1);
    const line = lineOf(VALID_CONFIG, 'SUPPORT_JIRA_TOKEN');
    const character = VALID_CONFIG.split('\n')[line]!.indexOf('SUPPORT_JIRA_TOKEN');
    const ask = () =>
      within(
        server.connection.sendRequest(HoverRequest.type, {
          textDocument: { uri },
          position: { line, character },
        }),
        'hover',
      );
    tokenAnswer = async () => ({ inEnvironment: false, inSecretStorage: true });
    assert.match(markdown(await ask()), /`SUPPORT_JIRA_TOKEN`: \*\*stored in VS Code's secret storage\*\*/);
    tokenAnswer = async () => {
      throw new Error('no token service');
    };
    assert.match(markdown(await ask()), /\*\*unknown\*\*/);
    // A client that never answers: the server gives up after about a second.
    tokenAnswer = () => new Promise<TokenStatusResult>(() => undefined);
    assert.match(markdown(await ask()), /\*\*unknown\*\*/);
    assert.deepEqual(asked, ['SUPPORT_JIRA_TOKEN', 'SUPPORT_JIRA_TOKEN', 'SUPPORT_JIRA_TOKEN']);
    const keyHover = await within(
      server.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: { line: lineOf(VALID_CONFIG, 'attachments'), character: 2 },
      }),
      'hover',
    );
    assert.match(markdown(keyHover), /Whether attachments are synced/);
    await server.close(uri);
  });

  test('a quick fix comes back for a diagnostic the client sends back, from its data', async () => {
    const uri = uriOf('fix.sync.yaml');
    const text = VALID_CONFIG.replace('  labels: { target: labels', '  labls: { target: labels');
    const diagnostics = await server.openAndWait(uri, text, 1);
    const unknown = diagnostics.find((d) => d.code === 'unknown-field');
    assert.ok(unknown, `no unknown-field in ${JSON.stringify(diagnostics.map((d) => d.code))}`);
    const actions = await within(
      server.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: unknown.range,
        context: { diagnostics: [unknown], only: ['quickfix'] },
      }),
      'code actions',
    );
    const titles = (actions ?? []).map((a) => a.title);
    assert.deepEqual(titles, ['Replace with `labels`', 'Remove the mapping of `labls`']);
    const replace = actions?.[0];
    assert.ok(replace && 'edit' in replace);
    const line = lineOf(text, 'labls');
    assert.deepEqual(replace.edit?.changes?.[uri], [
      {
        range: { start: { line, character: 2 }, end: { line, character: 7 } },
        newText: 'labels',
      },
    ]);
    await server.close(uri);
  });

  test('outline, folding ranges and CodeLens of a config', async () => {
    const uri = uriOf('outline.sync.yaml');
    await server.open(uri, VALID_CONFIG, 1);
    const symbols = (await within(
      server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }),
      'symbols',
    )) as DocumentSymbol[];
    const names = symbols.map((s) => s.name);
    assert.ok(names.includes('support-to-engineering'));
    assert.ok(names.includes('support/SUP → engineering/ENG'));
    const fields = symbols.find((s) => s.name === 'fields');
    assert.deepEqual(
      fields?.children?.map((c) => c.name),
      [
        'summary → summary',
        'description → description',
        'priority → priority',
        'labels → labels',
        'customfield_10010 → customfield_20010',
      ],
    );
    const folds = await within(
      server.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } }),
      'folding ranges',
    );
    assert.ok(folds?.some((f) => f.startLine === lineOf(VALID_CONFIG, 'sites:')));
    const lenses = await within(
      server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }),
      'code lenses',
    );
    const nameLine = lineOf(VALID_CONFIG, 'name:');
    assert.deepEqual(
      lenses?.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]),
      [
        [nameLine, '▶ Run sync', 'backbone.runSync', [uri]],
        [nameLine, 'Dry run', 'backbone.dryRun', [uri]],
      ],
    );
    await server.close(uri);
  });
});
