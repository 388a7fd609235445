// `backbone-sync metadata CONFIG` writes the workflows of each issue type (statuses, transitions, the initial
// status) when the sync user may read them, and when Jira refuses workflow search (a sync user without the
// Administer Jira global permission, common in real Jira) it still writes the statuses, omits the transitions,
// says which check that disables, and succeeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { runCli } from '../../server/src/cli';
import type { MetadataSnapshot } from '../../server/src/sync/metadata';
import { loadSeed } from '../jira-emulator/seed-loader';
import type { Harness } from './helpers';
import { fullConfig, startHarness } from './helpers';

const validate = (() => {
  const schema = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../schemas/metadata-snapshot.schema.json'), 'utf8'),
  ) as object;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
})();

async function fetchMetadata(h: Harness): Promise<{ code: number; out: string; eng: MetadataSnapshot }> {
  const path = h.writeConfig(fullConfig('wf'), 'wf.sync.yaml');
  let out = '';
  const code = await runCli(['metadata', path, '--state-dir', h.stateDir], {
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
    stdin: Readable.from([]),
    env: h.env,
    cwd: h.dir,
    isTTY: false,
  });
  for (const site of ['support', 'engineering']) {
    const snapshot = JSON.parse(
      readFileSync(join(h.stateDir, 'metadata', 'wf', `${site}.json`), 'utf8'),
    ) as unknown;
    assert.ok(validate(snapshot), `${site}: ${JSON.stringify(validate.errors)}`);
  }
  const eng = JSON.parse(
    readFileSync(join(h.stateDir, 'metadata', 'wf', 'engineering.json'), 'utf8'),
  ) as MetadataSnapshot;
  return { code, out, eng };
}

test('metadata writes statuses, transitions (global ones with an empty from) and the initial status per issue type', async () => {
  const h = await startHarness();
  try {
    const { code, out, eng } = await fetchMetadata(h);
    assert.equal(code, 0, out);
    assert.doesNotMatch(out, /note:/);
    const types = eng.projects.find((p) => p.key === 'ENG')?.issueTypes ?? [];
    const bug = types.find((t) => t.name === 'Bug');
    const task = types.find((t) => t.name === 'Task');
    assert.deepEqual(bug?.initialStatus?.name, 'To Do');
    assert.deepEqual(
      bug?.statuses?.map((s) => s.name),
      ['To Do', 'In Progress', 'In Review', 'Blocked', 'Done'],
    );
    const review = bug?.transitions?.find((t) => t.name === 'Send to review');
    assert.deepEqual(review && { from: review.from.map((s) => s.name), to: review.to.name }, {
      from: ['In Progress'],
      to: 'In Review',
    });
    assert.deepEqual(bug?.transitions?.find((t) => t.name === 'Done')?.from, [], 'a global transition');
    assert.ok(!bug?.transitions?.some((t) => t.name === 'Create'), 'the initial transition is initialStatus');
    // Task uses the project's default workflow, which has no review step.
    assert.ok(!task?.transitions?.some((t) => t.to.name === 'In Review'));
    assert.ok(eng.statuses?.some((s) => s.name === 'Blocked' && s.category === 'indeterminate'));
  } finally {
    await h.close();
  }
});

test('without Administer Jira, metadata keeps the statuses, omits transitions and says status-unreachable is off', async () => {
  const seed = loadSeed('demo.json');
  for (const site of Object.values(seed.sites)) {
    for (const user of Object.values(site.users)) delete user.globalPermissions;
  }
  const h = await startHarness(seed);
  try {
    const { code, out, eng } = await fetchMetadata(h);
    assert.equal(code, 0, out);
    const notes = out.split('\n').filter((line) => line.startsWith('note:'));
    assert.equal(notes.length, 2, out);
    assert.match(notes[1] ?? '', /site 'engineering'.*`status-unreachable` is not checked.*Administer Jira/);
    const bug = eng.projects.find((p) => p.key === 'ENG')?.issueTypes.find((t) => t.name === 'Bug');
    assert.ok(
      bug?.statuses?.some((s) => s.name === 'In Review'),
      'statuses per issue type are kept',
    );
    assert.equal(bug?.transitions, undefined);
    assert.equal(bug?.initialStatus, undefined);
  } finally {
    await h.close();
  }
});

test('where workflow search is removed (410), metadata reads the same workflows from bulk get workflows', async () => {
  const h = await startHarness();
  try {
    h.emulator.setFaults({ rules: [{ kind: 'status', path: '^/rest/api/3/workflow/search$', status: 410 }] });
    const { code, out, eng } = await fetchMetadata(h);
    assert.equal(code, 0, out);
    assert.doesNotMatch(out, /note:/);
    assert.ok(
      h.emulator
        .requests('engineering')
        .some((r) => r.method === 'POST' && r.path === '/rest/api/3/workflows'),
    );
    const bug = eng.projects.find((p) => p.key === 'ENG')?.issueTypes.find((t) => t.name === 'Bug');
    assert.equal(bug?.initialStatus?.name, 'To Do');
    const review = bug?.transitions?.find((t) => t.name === 'Send to review');
    assert.deepEqual(review && { from: review.from.map((s) => s.name), to: review.to.name }, {
      from: ['In Progress'],
      to: 'In Review',
    });
    assert.deepEqual(bug?.transitions?.find((t) => t.name === 'Done')?.from, []);
  } finally {
    await h.close();
  }
});
