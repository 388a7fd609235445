// Preflight: bad configs exit 2 and leave the state directory byte-for-byte unchanged (or uncreated); a missing
// permission exits 3 naming it; a dry run shows the full plan and writes nothing to Jira.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PlanEvent } from '../../server/src/protocol/events';
import { startHarness, fullConfig, control, jira, type Harness } from './helpers';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.close();
});

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[path] = readFileSync(path).toString('base64');
    }
  };
  walk(dir);
  return out;
}

const bad: [string, string, string | null][] = [
  ['broken YAML', 'version: 1\nname: bad\nfields: [unclosed\n', null],
  [
    'two-way direction',
    fullConfig('happy', '').replace('summary: summary', 'summary: { target: summary, direction: both }'),
    'direction-unsupported',
  ],
  [
    'a user field without exchange',
    fullConfig('happy')
      .replace('exchange: true', 'exchange: false')
      .replace('  summary: summary\n', '  summary: summary\n  assignee: assignee\n'),
    'personal-data-field',
  ],
  ['an unknown field', fullConfig('happy').replace('summary: summary', 'summary: summray'), 'unknown-field'],
  [
    'plain http to a remote host',
    fullConfig('happy').replace('url: "${env:T_SUPPORT_URL}"', 'url: "http://jira.example.com"'),
    null,
  ],
];

test('bad configs exit 2 and leave the state directory byte-for-byte unchanged', async () => {
  // A state directory with a real sync in it.
  const good = await h.run(h.writeConfig(fullConfig('happy'), 'good.sync.yaml'));
  assert.equal(good.exitCode, 0, good.message);
  const before = snapshot(h.stateDir);
  assert.ok(Object.keys(before).length > 0);
  for (const [what, yaml, code] of bad) {
    h.emulator.clearRequests();
    const result = await h.run(h.writeConfig(yaml, 'bad.sync.yaml'));
    assert.equal(result.exitCode, 2, `${what}: ${result.message ?? ''}`);
    if (code) assert.ok(result.codes?.includes(code), `${what}: codes ${JSON.stringify(result.codes)}`);
    assert.deepEqual(snapshot(h.stateDir), before, `${what}: the state directory changed`);
    assert.deepEqual(h.emulator.requests(), [], `${what}: Jira was contacted`);
  }
  // A fresh state directory is not even created.
  const fresh = join(h.dir, 'fresh-state');
  const result = await h.run(h.writeConfig(bad[1]?.[1] ?? '', 'bad2.sync.yaml'), { stateDir: fresh });
  assert.equal(result.exitCode, 2);
  assert.equal(existsSync(fresh), false);
});

test('a missing permission exits 3 and names it', async () => {
  const config = (await control(h, 'GET', '/sites/engineering/config')) as {
    projects: { ENG: { permissions: Record<string, string[]> } };
  };
  const original = config.projects.ENG.permissions;
  const without = Object.fromEntries(
    Object.entries(original).map(([who, perms]) => [who, perms.filter((p) => p !== 'ADD_COMMENTS')]),
  );
  await control(h, 'PATCH', '/sites/engineering/config', { projects: { ENG: { permissions: without } } });
  try {
    const result = await h.run(h.writeConfig(fullConfig('perm'), 'perm.sync.yaml'));
    assert.equal(result.exitCode, 3);
    assert.match(result.message ?? '', /ADD_COMMENTS/);
    assert.match(result.message ?? '', /comments\.sync/);
  } finally {
    await control(h, 'PATCH', '/sites/engineering/config', { projects: { ENG: { permissions: original } } });
  }
});

test('a dry run shows creates, field-level edits, transitions and comments, and writes nothing', async () => {
  const path = h.writeConfig(
    fullConfig('dry', '').replace(
      'source: { site: support, project: SUP }',
      'source: { site: support, project: SUP, jql: "key in (SUP-2, SUP-3)" }',
    ),
    'dry.sync.yaml',
  );
  h.emulator.clearRequests();
  const stateBefore = snapshot(h.stateDir);
  const fresh = await h.run(path, { dryRun: true });
  assert.equal(fresh.exitCode, 0, fresh.message);
  const creates = fresh.events.filter((e): e is PlanEvent => e.type === 'plan' && e.item.kind === 'create');
  assert.equal(creates.length, 2);
  const writes = (): unknown[] =>
    h.emulator
      .requests()
      .filter((r) => r.method !== 'GET' && !/\/search\/(jql|approximate-count)$/.test(r.path));
  assert.deepEqual(writes(), []);
  assert.deepEqual(snapshot(h.stateDir), stateBefore, 'a dry run writes nothing to the state directory');

  // Sync for real, then change the source: summary, status and a new comment.
  assert.equal((await h.run(path)).exitCode, 0);
  await jira(h, 'support', 'PUT', '/rest/api/3/issue/SUP-2', {
    fields: { summary: 'CSV export stops at 10,000 rows' },
  });
  const transitions = (await jira(h, 'support', 'GET', '/rest/api/3/issue/SUP-2/transitions')) as {
    transitions: { id: string; to: { name: string } }[];
  };
  const start = transitions.transitions.find((t) => t.to.name === 'In Progress');
  assert.ok(start);
  await jira(h, 'support', 'POST', '/rest/api/3/issue/SUP-2/transitions', { transition: { id: start.id } });
  await jira(h, 'support', 'POST', '/rest/api/3/issue/SUP-2/comment', {
    body: {
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Customer confirmed.' }] }],
    },
  });
  h.emulator.clearRequests();
  const stateAfterRun = snapshot(h.stateDir);
  const dry = await h.run(path, { dryRun: true });
  assert.equal(dry.exitCode, 0, dry.message);
  assert.deepEqual(snapshot(h.stateDir), stateAfterRun, 'a dry run leaves the state directory byte for byte');
  const plan = dry.events.filter((e): e is PlanEvent => e.type === 'plan').map((e) => e.item);
  const edit = plan.find((p) => p.kind === 'edit');
  assert.ok(edit && edit.kind === 'edit', JSON.stringify(plan));
  assert.deepEqual(
    edit.changes.find((c) => c.field === 'summary'),
    {
      field: 'summary',
      before: 'Cannot export more than 10,000 rows to CSV',
      after: 'CSV export stops at 10,000 rows',
    },
  );
  const move = plan.find((p) => p.kind === 'transition');
  assert.ok(move && move.kind === 'transition');
  assert.equal(move.from, 'To Do');
  assert.equal(move.to, 'In Progress');
  assert.ok(plan.some((p) => p.kind === 'comment'));
  assert.deepEqual(writes(), []);
});
