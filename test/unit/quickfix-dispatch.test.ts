// The code-action dispatcher: each diagnostic goes to the provider of its code (personal data or config),
// only our own diagnostics with `data` count, and a provider that fails on odd text offers nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Diagnostic } from 'vscode-languageserver-types';
import { ConfigDocument } from '../../server/src/config/document';
import { validateDocument } from '../../server/src/config/validate';
import { codeActions } from '../../server/src/language/code-actions';
import type { CodeActionProvider } from '../../server/src/language/code-actions';
import { VALID_CONFIG } from '../helpers/configs';

const uri = 'file:///t.sync.yaml';

test('a personal-data diagnostic is answered by the personal-data provider', () => {
  const text = VALID_CONFIG.replace('  summary: summary\n', '  summary: summary\n  assignee: assignee\n');
  const doc = new ConfigDocument(uri, 1, text);
  const diagnostic = validateDocument(doc).find((d) => d.code === 'personal-data-field');
  assert.ok(diagnostic, 'mapping assignee without exchange is a personal-data-field error');
  const titles = codeActions(doc, [diagnostic], uri).map((a) => a.title);
  assert.ok(titles.includes('Remove the mapping of `assignee`'), JSON.stringify(titles));
});

test('diagnostics of other sources, unknown codes or without data get no action', () => {
  const doc = new ConfigDocument(uri, 1, VALID_CONFIG);
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 7 } };
  const foreign: Diagnostic[] = [
    { range, message: 'x', source: 'yaml', code: 'schema', data: { path: ['version'], suggestions: ['1'] } },
    { range, message: 'x', source: 'backbone-sync', code: 'no-such-code', data: {} },
    { range, message: 'x', source: 'backbone-sync', code: 'schema' },
  ];
  assert.deepEqual(codeActions(doc, foreign, uri), []);
});

test('a provider that throws on odd text offers nothing instead of failing the request', () => {
  const doc = new ConfigDocument(uri, 1, VALID_CONFIG);
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 7 } };
  const d = {
    range,
    message: 'x',
    source: 'backbone-sync',
    code: 'schema',
    severity: DiagnosticSeverity.Error,
    data: {},
  } as Diagnostic;
  const failing: CodeActionProvider = {
    matches: () => true,
    provide: () => {
      throw new Error('boom');
    },
  };
  assert.deepEqual(codeActions(doc, [d], uri, [failing]), []);
});

test('stale data (a path that no longer exists in this version) offers nothing', () => {
  const doc = new ConfigDocument(uri, 2, VALID_CONFIG);
  const range = { start: { line: 3, character: 0 }, end: { line: 3, character: 7 } };
  const stale = [
    {
      range,
      message: 'x',
      source: 'backbone-sync',
      code: 'unknown-site',
      data: { path: ['nowhere', 'site'], suggestions: ['support'] },
    },
    {
      range,
      message: 'x',
      source: 'backbone-sync',
      code: 'inline-secret',
      data: { path: ['sites', 'gone', 'auth', 'token'], envName: 'X' },
    },
    {
      range,
      message: 'x',
      source: 'backbone-sync',
      code: 'schema',
      data: { path: ['gone'], missingKey: 'url' },
    },
    {
      range,
      message: 'x',
      source: 'backbone-sync',
      code: 'unused-suppression',
      data: { suppressedCode: 'schema' },
    },
  ] as Diagnostic[];
  assert.deepEqual(codeActions(doc, stale, uri), []);
});
