// Every personal-data diagnostic links to its own section of docs/personal-data.md (issue 4, "Done when"):
// the heading is the code itself, so the link's anchor lands on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIAGNOSTIC_CODES } from '../../server/src/config/codes';
import { helpUri } from '../../server/src/config/diagnostic';

const docs = join(import.meta.dirname, '..', '..', 'docs');
const text = readFileSync(join(docs, 'personal-data.md'), 'utf8');
const headings = new Set(
  [...text.matchAll(/^##+ (.+)$/gm)].map((m) =>
    (m[1] ?? '')
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9 -]/g, '')
      .replace(/ /g, '-'),
  ),
);

test('docs/personal-data.md has a section per personal-data code, and each help link points at it', () => {
  const codes = DIAGNOSTIC_CODES.filter((c) => c.startsWith('personal-data-'));
  assert.equal(codes.length, 5);
  for (const code of codes) {
    assert.ok(headings.has(code), `no "## ${code}" heading`);
    const uri = helpUri(code);
    assert.ok(uri.endsWith(`/docs/personal-data.md#${code}`), uri);
    assert.equal(fileURLToPath(uri.replace(/#.*$/, '')), join(docs, 'personal-data.md'));
  }
});

test('docs/personal-data.md explains storage, retention, erasure and uncontrolled targets', () => {
  for (const phrase of [
    'account ID',
    'retentionDays',
    'backbone-sync erase-account',
    'manual deletion process',
    'backbone-sync report',
  ]) {
    assert.ok(text.includes(phrase), `missing: ${phrase}`);
  }
  assert.ok(headings.has('sites-not-under-your-control'));
});
