// `# backbone-sync-disable-next-line CODE[, CODE]`: silences those codes on the next line only; the error
// forms of `inline-secret` (and `personal-data-field`) cannot be silenced; unused codes become hints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { ConfigDocument } from '../../server/src/config/document';
import { makeDiagnostic } from '../../server/src/config/diagnostic';
import { applySuppressions, findSuppressions } from '../../server/src/config/suppression';
import { semanticValidator } from '../../server/src/config/semantic';
import { validateDocument } from '../../server/src/config/validate';
import { VALID_CONFIG } from '../helpers/configs';

const withFields = (fields: string) => VALID_CONFIG.replace(/fields:\n(?: {2}.*\n)+/, `fields:\n${fields}`);

function diagnose(text: string) {
  // Only the schema and semantic rules: the other validators' findings are theirs to test.
  return validateDocument(new ConfigDocument('file:///t.sync.yaml', 1, text), {}, [semanticValidator]).map(
    (d) => ({
      code: d.code,
      line: d.range.start.line,
      severity: d.severity,
      message: d.message,
      range: d.range,
      data: d.data,
    }),
  );
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle));
}

test('a suppression silences its code on the next line and nothing else', () => {
  const text = withFields(
    '  summary: summary\n  # backbone-sync-disable-next-line unknown-field\n  sumary: description\n  labls: labels\n',
  );
  const found = diagnose(text);
  assert.deepEqual(
    found.map((d) => [d.code, d.line]),
    [['unknown-field', lineOf(text, 'labls')]],
  );
});

test('several codes, separated by commas or spaces, with a reason after `--`', () => {
  const text = withFields(
    '  summary: summary\n  # backbone-sync-disable-next-line unknown-field, duplicate-target -- legacy\n  sumary: summary\n',
  );
  assert.deepEqual(diagnose(text), []);
  assert.deepEqual(
    findSuppressions('# backbone-sync-disable-next-line a b,c # why\nx: 1\n').map((s) => [
      s.code,
      s.line,
      s.target,
      s.start,
    ]),
    [
      ['a', 0, 1, 34],
      ['b', 0, 1, 36],
      ['c', 0, 1, 38],
    ],
  );
});

test('stacked suppression comments all apply to the first line below them', () => {
  const text = withFields(
    '  summary: summary\n  # backbone-sync-disable-next-line unknown-field\n  # backbone-sync-disable-next-line duplicate-target\n  sumary: summary\n',
  );
  assert.deepEqual(diagnose(text), []);
});

test('an unused suppression is a hint on the code, with the code in data for the quick fix', () => {
  const text = withFields(
    '  summary: summary\n  # backbone-sync-disable-next-line unknown-field\n  labels: labels\n',
  );
  const line = lineOf(text, 'disable-next-line');
  assert.deepEqual(diagnose(text), [
    {
      code: 'unused-suppression',
      line,
      severity: DiagnosticSeverity.Hint,
      message: 'Nothing to silence: the next line has no `unknown-field` problem. Remove the suppression.',
      range: { start: { line, character: 36 }, end: { line, character: 49 } },
      data: { suppressedCode: 'unknown-field', path: [] },
    },
  ]);
});

test('an unknown code is reported as unused, saying it is not a code', () => {
  const text = withFields(
    '  summary: summary\n  # backbone-sync-disable-next-line unkown-field\n  labels: labels\n',
  );
  const [d] = diagnose(text);
  assert.equal(d?.code, 'unused-suppression');
  assert.match(d?.message ?? '', /`unkown-field` is not a Backbone Sync diagnostic code/);
});

test('a literal token (inline-secret) cannot be silenced, and the suppression says so', () => {
  const text = VALID_CONFIG.replace(
    '      token: "${env:ENGINEERING_JIRA_TOKEN}"',
    '      # backbone-sync-disable-next-line inline-secret\n      token: ATATT3xFfGF0abc',
  );
  const found = diagnose(text);
  assert.deepEqual(
    found.map((d) => d.code),
    ['unused-suppression', 'inline-secret'],
  );
  assert.match(found[0]!.message, /`inline-secret` cannot be silenced here/);
});

test('unsuppressible diagnostics of any validator stay; suppressible ones of the same code go', () => {
  const text = '# backbone-sync-disable-next-line personal-data-field\nfields: {}\n';
  const doc = new ConfigDocument('file:///t.sync.yaml', 1, text);
  const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } };
  const error = makeDiagnostic('personal-data-field', DiagnosticSeverity.Error, range, 'error form', {
    unsuppressible: true,
  });
  const info = makeDiagnostic('personal-data-field', DiagnosticSeverity.Information, range, 'info form');
  assert.deepEqual(applySuppressions(doc, [info]), []);
  const kept = applySuppressions(doc, [error]);
  assert.deepEqual(
    kept.map((d) => d.code),
    ['personal-data-field', 'unused-suppression'],
  );
});

test('a suppression at the end of the file silences nothing', () => {
  const text = `${VALID_CONFIG}# backbone-sync-disable-next-line schema\n`;
  assert.deepEqual(
    diagnose(text).map((d) => d.code),
    ['unused-suppression'],
  );
});
