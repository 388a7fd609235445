// The shipped examples show the expected personal-data diagnostics (issue 4, "Done when"): the partner
// sync flags every user field and comment authors as personal data going to a site not under your control;
// the internal syncs move free text only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigDocument } from '../../server/src/config/document';
import { validateDocument } from '../../server/src/config/validate';

const examples = join(import.meta.dirname, '..', '..', 'examples');
const context = { stateDir: join(import.meta.dirname, '..', 'fixtures', 'no-such-state-dir') };

function personalData(file: string): { text: string; found: string[] } {
  const text = readFileSync(join(examples, file), 'utf8');
  const doc = new ConfigDocument(`file:///${file}`, 1, text);
  const found = validateDocument(doc, context)
    .filter((d) => d.code.startsWith('personal-data-'))
    .map((d) => `${d.range.start.line}:${d.code}:${d.severity}`);
  return { text, found };
}

function lineOf(text: string, start: string): number {
  const index = text.split('\n').findIndex((l) => l.startsWith(start));
  assert.ok(index >= 0, `no line starting with ${JSON.stringify(start)}`);
  return index;
}

test('support-to-partner: user fields and comment authors are personal data sent to an uncontrolled site', () => {
  const { text, found } = personalData('support-to-partner.sync.yaml');
  const expected: string[] = [];
  for (const field of ['  assignee:', '  reporter:', '  watchers:']) {
    expected.push(
      `${lineOf(text, field)}:personal-data-field:3`,
      `${lineOf(text, field)}:personal-data-uncontrolled-target:2`,
    );
  }
  const comments = lineOf(text, 'comments:');
  expected.push(
    `${comments}:personal-data-field:3`,
    `${comments}:personal-data-uncontrolled-target:2`,
    `${comments}:personal-data-free-text:4`,
    `${lineOf(text, '  summary:')}:personal-data-free-text:4`,
    `${lineOf(text, '  description:')}:personal-data-free-text:4`,
  );
  assert.deepEqual([...found].sort(), expected.sort());
});

test('support-to-engineering: no user field, so free-text hints only and no error', () => {
  const { found } = personalData('support-to-engineering.sync.yaml');
  assert.ok(found.length > 0);
  assert.ok(
    found.every((f) => f.endsWith(':personal-data-free-text:4')),
    found.join(', '),
  );
});
