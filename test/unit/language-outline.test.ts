// Document symbols (sync name, sites, source → target, each mapping as `source → target`), folding ranges
// and the CodeLens data above `name:`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FoldingRangeKind, SymbolKind } from 'vscode-languageserver-types';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { ConfigDocument } from '../../server/src/config/document';
import { codeLenses } from '../../server/src/language/code-lens';
import { ConfigText } from '../../server/src/language/config-text';
import { foldingRanges } from '../../server/src/language/folding';
import { documentSymbols } from '../../server/src/language/symbols';
import { VALID_CONFIG } from '../helpers/configs';

const doc = (text: string) => new ConfigDocument('file:///t.sync.yaml', 1, text);

const kindName = (kind: number) =>
  Object.entries(SymbolKind).find(([, v]) => v === kind)?.[0] ?? String(kind);

function outline(symbols: DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [
    `${'  '.repeat(depth)}${s.name} [${kindName(s.kind)}]${s.detail ? ` ${s.detail}` : ''}`,
    ...outline(s.children ?? [], depth + 1),
  ]);
}

test('the outline names the sync, its sites, source → target and each mapping as source → target', () => {
  assert.deepEqual(outline(documentSymbols(doc(VALID_CONFIG))), [
    'version [Property] 1',
    'support-to-engineering [Package] sync',
    'sites [Namespace]',
    '  support [Module] https://acme-support.atlassian.net',
    '  engineering [Module] https://acme-eng.atlassian.net',
    'support/SUP → engineering/ENG [Interface] source → target',
    'issueTypes [Enum]',
    '  Bug → Bug [EnumMember]',
    '  Service Request → Task [EnumMember]',
    'fields [Struct]',
    '  summary → summary [Field]',
    '  description → description [Field]',
    '  priority → priority [Field] correlate',
    '  labels → labels [Field] prefix',
    '  customfield_10010 → customfield_20010 [Field]',
    'statuses [Enum]',
    '  Open → To Do [EnumMember]',
    '  In Progress → In Progress [EnumMember]',
    '  Resolved → Done [EnumMember]',
    'comments [Property]',
    'attachments [Property]',
    'link [Property]',
  ]);
});

test('symbol ranges cover their pair and select their key; source → target spans both lines', () => {
  const symbols = documentSymbols(doc(VALID_CONFIG));
  const sides = symbols.find((s) => s.kind === SymbolKind.Interface);
  assert.deepEqual(sides?.range, { start: { line: 13, character: 0 }, end: { line: 14, character: 43 } });
  assert.deepEqual(sides?.selectionRange, {
    start: { line: 13, character: 0 },
    end: { line: 13, character: 6 },
  });
  const sites = symbols.find((s) => s.name === 'sites');
  assert.deepEqual(sites?.range, { start: { line: 2, character: 0 }, end: { line: 12, character: 26 } });
});

test('a half-written config still has an outline: missing parts read `?`', () => {
  const symbols = documentSymbols(doc('name: x\ntarget: { site: partner }\nfields:\n  summary:\n'));
  assert.deepEqual(outline(symbols), [
    'x [Package] sync',
    '? → partner/? [Interface] source → target',
    'fields [Struct]',
    '  summary → ? [Field]',
  ]);
});

test('folding ranges: every multi-line mapping and runs of comments', () => {
  const text =
    '# one\n# two\nversion: 1\nsites:\n  a:\n    url: x\n    auth:\n      email: e\nfields:\n  summary: summary\n';
  assert.deepEqual(foldingRanges(doc(text)), [
    { startLine: 0, endLine: 1, kind: FoldingRangeKind.Comment },
    { startLine: 3, endLine: 7 },
    { startLine: 4, endLine: 7 },
    { startLine: 6, endLine: 7 },
    { startLine: 8, endLine: 9 },
  ]);
});

test('CodeLens data: Run sync and Dry run above `name:`, with the config URI', () => {
  const text = new ConfigText('file:///w/a.sync.yaml', 1, 'version: 1\nname: support-to-partner # id\n');
  assert.deepEqual(codeLenses(text), [
    {
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 24 } },
      command: { title: '▶ Run sync', command: 'backbone.runSync', arguments: ['file:///w/a.sync.yaml'] },
    },
    {
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 24 } },
      command: { title: 'Dry run', command: 'backbone.dryRun', arguments: ['file:///w/a.sync.yaml'] },
    },
  ]);
  assert.deepEqual(codeLenses(new ConfigText('file:///b', 1, 'version: 1\nsites:\n  name: x\n')), []);
});
