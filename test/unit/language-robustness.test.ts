// Completion and hover never throw, at every position of valid, broken and odd configs: the language
// server answers every keystroke (DESIGN.md §9.5).
import { test } from 'node:test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { complete } from '../../server/src/language/completion';
import { ConfigText } from '../../server/src/language/config-text';
import { hover } from '../../server/src/language/hover';
import { ConfigDocument } from '../../server/src/config/document';
import { VALID_CONFIG } from '../helpers/configs';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
const exampleTexts = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.sync.yaml'))
  .map((f) => readFileSync(join(EXAMPLES, f), 'utf8'));

const TEXTS = [
  ...exampleTexts,
  VALID_CONFIG,
  VALID_CONFIG.slice(0, 400),
  'fields:\n  summary: { target: "unclosed, correlate: { a: [1, 2\n  x:\n\t- tab\n',
  'sites:\n  - a\n  - b: { c: d }\n---\nname: x\n',
  "'quoted key': 1\n\"dq\\\"\": { 'a''b': c }\n? complex\n: value\n",
  'source:\n  jql: >\n    labels = a\n    and x: y\n  site: |\n',
  '{ version: 1, sites: { a: { url: x } } }\n',
  ':\n::\n- :\n  #\n{\n}\n[\n',
  'a: &x { b: c }\nd: *x\ne: !!str f\n',
];

test('completion and hover answer at every position of odd and broken texts without throwing', async () => {
  for (const source of TEXTS) {
    const text = new ConfigText('file:///t.sync.yaml', 1, source);
    const parsed = new ConfigDocument('file:///t.sync.yaml', 1, source);
    const lines = source.split('\n');
    for (let line = 0; line < lines.length; line++) {
      for (let character = 0; character <= lines[line]!.length; character++) {
        const position = { line, character };
        try {
          complete(text, position);
          await hover(text, position, { doc: () => parsed });
        } catch (error) {
          assert.fail(
            `threw at ${line}:${character} of ${JSON.stringify(source.slice(0, 40))}: ${String(error)}`,
          );
        }
      }
    }
  }
});

test('positions outside the document give empty answers', async () => {
  const text = new ConfigText('file:///t.sync.yaml', 1, 'version: 1\n');
  assert.deepEqual(complete(text, { line: 99, character: 0 }).items, []);
  assert.equal(await hover(text, { line: -1, character: 0 }), null);
});
