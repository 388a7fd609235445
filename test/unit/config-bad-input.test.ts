// Bad input (issue 2, DESIGN.md §9.5): each gets a clear diagnostic, never an exception, and every range
// lies inside the file.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigDocument } from '../../server/src/config/document';
import { validateDocument } from '../../server/src/config/validate';
import { badInputs, configAsJson, twoMegabyteConfig } from '../helpers/bad-input';
import { diagnosticProblems } from '../helpers/range-check';

function validate(text: string) {
  return validateDocument(new ConfigDocument('file:///bad.sync.yaml', 1, text));
}

describe('bad input', () => {
  for (const { name, text, code } of badInputs()) {
    test(`${name}: a \`${code}\` error with a valid range`, () => {
      const diagnostics = validate(text);
      assert.ok(
        diagnostics.some((d) => d.code === code && d.severity === 1),
        `no ${code} error in ${JSON.stringify(diagnostics.map((d) => d.code))}`,
      );
      for (const d of diagnostics) assert.deepEqual(diagnosticProblems(text, d), [], JSON.stringify(d));
    });
  }

  test('a config written as JSON is valid (JSON is YAML)', () => {
    const errors = validate(configAsJson()).filter((d) => d.severity === 1);
    assert.deepEqual(errors, []);
  });

  test('a 2 MB file is answered without parsing it', () => {
    const doc = new ConfigDocument('file:///big.sync.yaml', 1, twoMegabyteConfig());
    assert.equal(doc.tooLarge, true);
    assert.equal(doc.root, null);
    assert.deepEqual(
      validateDocument(doc).map((d) => d.code),
      ['file-too-large'],
    );
  });

  test('binary junk stops at the first control character: nothing else is reported', () => {
    const text = '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR';
    assert.deepEqual(
      validate(text).map((d) => [d.code, d.range.start]),
      [['yaml-syntax', { line: 1, character: 0 }]],
    );
  });

  test('20 YAML documents: one multiple-documents error on line 1, and only the first document is checked', () => {
    const diagnostics = validate(badInputs().find((b) => b.name === '20 YAML documents')!.text);
    const multiple = diagnostics.filter((d) => d.code === 'multiple-documents');
    assert.equal(multiple.length, 1);
    assert.equal(multiple[0]?.range.start.line, 0);
    assert.match(multiple[0]!.message, /holds 20 YAML documents/);
    assert.deepEqual(
      diagnostics.filter((d) => d.severity === 1 && d.code !== 'multiple-documents'),
      [],
    );
  });
});
