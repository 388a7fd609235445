// Metadata snapshots for the personal-data rules: found under <state dir>/metadata/<sync>/<site>.json, read
// again only when the file changes, valid against schemas/metadata-snapshot.schema.json, never fatal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { classifyField } from '../../server/src/personal-data/classify';
import { loadSnapshot, snapshotPath } from '../../server/src/personal-data/snapshot';

const root = join(import.meta.dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures');

test('the snapshot fixtures are valid against schemas/metadata-snapshot.schema.json', () => {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(
    JSON.parse(readFileSync(join(root, 'schemas', 'metadata-snapshot.schema.json'), 'utf8')),
  );
  for (const site of ['support', 'partner']) {
    const data: unknown = JSON.parse(
      readFileSync(snapshotPath(fixtures, 'support-to-partner', site), 'utf8'),
    );
    assert.ok(validate(data), `${site}: ${JSON.stringify(validate.errors)}`);
    assert.ok(!JSON.stringify(data).includes('@'), 'a snapshot holds no users and no email addresses');
  }
});

test('custom fields are classified user, free text or other from the snapshot; unknown without one', () => {
  const support = loadSnapshot(fixtures, 'support-to-partner', 'support');
  assert.equal(support.state, 'loaded');
  assert.equal(classifyField('customfield_10010', support).kind, 'user');
  assert.equal(classifyField('customfield_10012', support).kind, 'user');
  assert.equal(classifyField('customfield_10020', support).kind, 'free-text');
  assert.equal(classifyField('customfield_10021', support).kind, 'other');
  assert.deepEqual(classifyField('customfield_99999', support), {
    id: 'customfield_99999',
    kind: 'unknown',
    from: 'none',
    unknownReason: 'not-in-snapshot',
  });
  const missing = loadSnapshot(fixtures, 'support-to-partner', 'nowhere');
  assert.equal(missing.state, 'missing');
  assert.equal(classifyField('customfield_10010', missing).unknownReason, 'no-snapshot');
  assert.equal(classifyField('assignee', missing).kind, 'user');
});

test('a snapshot is re-read when its file changes, and served from the cache while it does not', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'pd-snapshot-'));
  try {
    const path = snapshotPath(stateDir, 'demo', 'partner');
    mkdirSync(join(stateDir, 'metadata', 'demo'), { recursive: true });
    const write = (type: string, when: number): void => {
      writeFileSync(
        path,
        JSON.stringify({
          version: 1,
          site: { url: 'https://partner.atlassian.net' },
          fetchedAt: '2026-12-01T00:00:00Z',
          fields: [
            { id: 'customfield_1', name: 'Contact', custom: true, schema: { type, custom: `x:${type}` } },
          ],
          projects: [],
        }),
      );
      utimesSync(path, when, when);
    };
    write('user', 1_000_000);
    const first = loadSnapshot(stateDir, 'demo', 'partner');
    assert.equal(classifyField('customfield_1', first).kind, 'user');
    assert.equal(loadSnapshot(stateDir, 'demo', 'partner'), first, 'unchanged file: the cached lookup');
    write('option', 2_000_000);
    assert.equal(classifyField('customfield_1', loadSnapshot(stateDir, 'demo', 'partner')).kind, 'other');
    writeFileSync(path, '{ not json');
    utimesSync(path, 3_000_000, 3_000_000);
    const broken = loadSnapshot(stateDir, 'demo', 'partner');
    assert.equal(broken.state, 'unreadable');
    assert.equal(classifyField('customfield_1', broken).unknownReason, 'unreadable-snapshot');
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
});

test('sync and site names that could escape the state directory are never read', () => {
  assert.equal(loadSnapshot(fixtures, '../fixtures', 'support').state, 'missing');
  assert.equal(
    loadSnapshot(fixtures, 'support-to-partner', '../support-to-partner/support').state,
    'missing',
  );
});
