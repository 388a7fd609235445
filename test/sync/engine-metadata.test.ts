// `backbone-sync metadata CONFIG`: one snapshot per site in the shape of schemas/metadata-snapshot.schema.json,
// with schema types, create-screen fields and `required`, and no user data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { runCli } from '../../server/src/cli';
import { startHarness, fullConfig } from './helpers';
import type { MetadataSnapshot } from '../../server/src/sync/metadata';

test('metadata writes a schema-valid snapshot per site with create screens and no users', async () => {
  const h = await startHarness();
  try {
    const path = h.writeConfig(fullConfig('meta'), 'meta.sync.yaml');
    let out = '';
    const code = await runCli(['metadata', path, '--state-dir', h.stateDir], {
      stdout: (t) => (out += t),
      stderr: (t) => (out += t),
      stdin: Readable.from([]),
      env: h.env,
      cwd: h.dir,
      isTTY: false,
    });
    assert.equal(code, 0, out);
    const schema = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../schemas/metadata-snapshot.schema.json'), 'utf8'),
    ) as object;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    for (const site of ['support', 'engineering']) {
      const file = join(h.stateDir, 'metadata', 'meta', `${site}.json`);
      const text = readFileSync(file, 'utf8');
      const snapshot = JSON.parse(text) as MetadataSnapshot;
      assert.ok(validate(snapshot), JSON.stringify(validate.errors));
      assert.equal(snapshot.site.url, h.emulator.siteUrl(site));
      assert.doesNotMatch(text, /@example\.com|displayName|accountId|avatar/);
    }
    const eng = JSON.parse(
      readFileSync(join(h.stateDir, 'metadata', 'meta', 'engineering.json'), 'utf8'),
    ) as MetadataSnapshot;
    const bug = eng.projects.find((p) => p.key === 'ENG')?.issueTypes.find((t) => t.name === 'Bug');
    assert.ok(bug?.createFields?.some((f) => f.id === 'customfield_20012' && f.required));
    assert.ok(
      !bug?.createFields?.some((f) => f.id === 'environment'),
      'environment is not on the Bug create screen',
    );
    const picker = eng.fields.find((f) => f.id === 'customfield_20010');
    assert.match(String(picker?.schema?.custom), /userpicker/);
  } finally {
    await h.close();
  }
});
