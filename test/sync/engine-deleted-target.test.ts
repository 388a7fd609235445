// A linked target issue deleted in Jira (DESIGN.md §6: "for a deleted target issue: sync into a new issue, or
// ignore future changes"), end to end against the emulator over HTTP, through the CLI verbs a user runs:
// the next change opens one not-found entry; `retry` syncs into a new issue; `ignore --stop-syncing` stops the
// issue's sync (no write, no entry, across runs; a dry run shows it skipped); `retry` of that entry resumes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { runCli } from '../../server/src/cli';
import type { CliIO } from '../../server/src/cli/io';
import type { EntriesJson, StatusJson } from '../../server/src/protocol/cli-json';
import type { EntryOpenedEvent, IssueSyncedEvent, PlanEvent } from '../../server/src/protocol/events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSyncStore, readSyncStore, type EntryInput } from '../../server/src/store';
import { startHarness, sites, control, jira, type Harness } from './helpers';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.close();
});

const SOURCE_KEY = 'SUP-19';

function config(name: string): string {
  return h.writeConfig(
    `version: 1\nname: ${name}\n${sites(`key = ${SOURCE_KEY}`)}personalData: { exchange: true, users: account-id }\n` +
      `issueTypes: { Bug: Bug, "Service Request": Task }\n` +
      `fields:\n  summary: summary\n  priority: { target: priority, correlate: { Highest: P1, High: P2, Medium: P3, Low: P4 }, default: P3 }\n` +
      `  customfield_10041: { target: customfield_20012, default: "n/a" }\n`,
    `${name}.sync.yaml`,
  );
}

/** Runs the CLI in-process with the harness's environment (site URLs and tokens). */
async function cli(
  args: string[],
  stateDir = h.stateDir,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    stdin: Readable.from([]),
    env: { HOME: '/nonexistent-home', ...h.env },
    cwd: h.dir,
    isTTY: false,
  };
  const code = await runCli([...args, '--state-dir', stateDir], io);
  return { code, stdout, stderr };
}

/** The target issues that carry the link property of this sync. */
function linkedTargets(sync: string): { id: string; key: string; sourceIssueId: string }[] {
  return h.emulator
    .issues('engineering')
    .filter((i) => (i.properties['backbone.link'] as { sync?: string } | undefined)?.sync === sync)
    .map((i) => ({
      id: String(i.id),
      key: String(i.key),
      sourceIssueId: String((i.properties['backbone.link'] as { sourceIssueId?: string }).sourceIssueId),
    }));
}

let edits = 0;
async function changeSource(): Promise<void> {
  edits++;
  await jira(h, 'support', 'PUT', `/rest/api/3/issue/${SOURCE_KEY}`, {
    fields: { summary: `Date picker shows US format (edit ${edits})` },
  });
}

/** Writes (anything but GET) the target site received since the log was cleared. */
function targetWrites(): string[] {
  return h.emulator
    .requests('engineering')
    .filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.path}`);
}

/** First run syncs the issue; the target issue is then deleted in Jira and the source changes: one entry. */
async function deletedTarget(
  sync: string,
): Promise<{ configPath: string; oldKey: string; oldId: string; entryId: string }> {
  const configPath = config(sync);
  const first = await h.run(configPath);
  assert.equal(first.exitCode, 0, first.message);
  assert.equal(first.counts.created, 1);
  const [target] = linkedTargets(sync);
  assert.ok(target, 'the first run created the target issue');
  await control(h, 'DELETE', `/sites/engineering/issues/${target.key}`);
  await changeSource();
  const second = await h.run(configPath);
  assert.equal(second.exitCode, 1, second.message);
  const opened = second.events.filter((e): e is EntryOpenedEvent => e.type === 'entry-opened');
  assert.equal(opened.length, 1, JSON.stringify(opened));
  const entry = opened[0]?.entry;
  assert.equal(entry?.category, 'not-found');
  assert.notEqual(entry?.operation, 'create');
  assert.equal(entry?.targetKey, target.key);
  return { configPath, oldKey: target.key, oldId: target.id, entryId: entry.id };
}

test('retry of a not-found entry syncs into a new target issue with the link property, resolves the entry and unlinks the old key', async () => {
  const sync = 'deleted-retry';
  const { configPath, oldKey, entryId } = await deletedTarget(sync);
  const retried = await cli(['retry', entryId]);
  assert.equal(retried.code, 0, retried.stderr);
  const targets = linkedTargets(sync);
  assert.equal(targets.length, 1, 'exactly one target issue carries the link: the new one');
  const fresh = targets[0];
  assert.ok(fresh);
  assert.notEqual(fresh.key, oldKey);
  assert.match(
    retried.stdout,
    new RegExp(
      `${SOURCE_KEY} synced into a new issue ${fresh.key}; ${oldKey} \\(not found\\) is no longer linked\\.`,
    ),
  );

  const store = await readSyncStore({ stateDir: h.stateDir, syncName: sync });
  try {
    const link = store.getLink(fresh.sourceIssueId);
    assert.equal(link?.targetKey, fresh.key, 'the store links the new issue');
    assert.equal(
      store.listLinks().filter((l) => l.targetKey === oldKey).length,
      0,
      'the old key is linked no more',
    );
    assert.equal(store.getEntry(entryId)?.state, 'resolved');
    assert.equal(store.isSyncStopped(fresh.sourceIssueId), false);
  } finally {
    await store.close();
  }
  // And the issue keeps syncing into the new issue.
  await changeSource();
  const next = await h.run(configPath);
  assert.equal(next.exitCode, 0, next.message);
  assert.equal(next.counts.updated, 1);
});

test('ignore --stop-syncing stops the issue: no write and no entry across runs, a dry run shows it skipped, and retry resumes it into a new issue', async () => {
  const sync = 'deleted-stop';
  const { configPath, oldKey, oldId, entryId } = await deletedTarget(sync);

  const ignored = await cli(['ignore', entryId, '--stop-syncing']);
  assert.equal(ignored.code, 0, ignored.stderr);
  assert.match(ignored.stdout, new RegExp(`stopped syncing ${SOURCE_KEY}`));
  assert.match(ignored.stdout, new RegExp(`backbone-sync retry ${entryId}`));
  const again = await cli(['ignore', entryId, '--stop-syncing']);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /already not synced/);

  const listed = await cli(['entries', '--sync', sync, '--state', 'all', '--format', 'json']);
  const view = JSON.parse(listed.stdout) as EntriesJson;
  const entry = view.entries.find((e) => e.id === entryId);
  assert.equal(entry?.state, 'ignored');
  assert.ok(entry?.syncStoppedSince, 'entries says this ignored entry stopped its issue');
  const table = await cli(['entries', '--sync', sync, '--state', 'all']);
  assert.match(table.stdout, /ignored, sync stopped/);
  assert.match(
    table.stdout,
    new RegExp(`resume \\(into a new issue\\) with: backbone-sync retry ${entryId}`),
  );
  const status = JSON.parse((await cli(['status', '--format', 'json'])).stdout) as StatusJson;
  assert.equal(status.syncs.find((s) => s.name === sync)?.stoppedIssues, 1);
  assert.equal(status.syncs.find((s) => s.name === sync)?.openEntries, 0);

  for (let round = 1; round <= 2; round++) {
    await changeSource();
    h.emulator.clearRequests();
    const run = await h.run(configPath);
    assert.equal(run.exitCode, 0, `round ${round}: ${run.message ?? ''}`);
    assert.equal(run.counts.stopped, 1, `round ${round}: counted as stopped`);
    assert.equal(run.counts.updated + run.counts.created + run.counts.failed, 0);
    assert.equal(run.counts.entriesOpened, 0);
    assert.equal(run.events.filter((e) => e.type === 'entry-opened').length, 0);
    const synced = run.events.filter((e): e is IssueSyncedEvent => e.type === 'issue-synced');
    assert.deepEqual(
      synced.map((e) => [e.sourceKey, e.action]),
      [[SOURCE_KEY, 'stopped']],
    );
    assert.equal(run.writes.engineering, 0, `round ${round}: the engine wrote nothing to the target`);
    assert.deepEqual(targetWrites(), [], `round ${round}: the target received no write`);
    assert.equal(
      h.emulator
        .requests('engineering')
        .filter((r) => r.path.includes(oldKey) || r.path.includes(`/${oldId}`)).length,
      0,
      'the deleted issue is not even read',
    );
  }
  assert.equal(linkedTargets(sync).length, 0, 'no new issue was created while stopped');
  const afterStopped = JSON.parse((await cli(['status', '--format', 'json'])).stdout) as StatusJson;
  assert.equal(
    afterStopped.syncs.find((s) => s.name === sync)?.lastRealRun?.counts.stopped,
    1,
    'status shows that the last run skipped the stopped issue',
  );
  assert.match((await cli(['status'])).stdout, /1 skipped \(sync stopped\)/);

  const dry = await h.run(configPath, { dryRun: true });
  assert.equal(dry.exitCode, 0, dry.message);
  assert.equal(dry.counts.stopped, 1);
  const plan = dry.events.filter((e): e is PlanEvent => e.type === 'plan').map((e) => e.item);
  assert.deepEqual(
    plan.map((p) => p.kind),
    ['skip'],
  );
  assert.equal(plan[0]?.kind === 'skip' ? plan[0].stoppedBy : null, entryId);

  // Resume: retry of the entry that stopped it syncs the issue again, into a new issue.
  const resumed = await cli(['retry', entryId]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, new RegExp(`Resumed syncing ${SOURCE_KEY}`));
  const [fresh] = linkedTargets(sync);
  assert.ok(fresh, 'the resumed issue was synced into a new target issue');
  assert.match(resumed.stdout, new RegExp(`synced into a new issue ${fresh.key}`));
  const store = await readSyncStore({ stateDir: h.stateDir, syncName: sync });
  try {
    assert.equal(store.isSyncStopped(fresh.sourceIssueId), false);
    assert.equal(store.getEntry(entryId)?.state, 'resolved');
    assert.equal(store.getEntry(entryId)?.syncStoppedSince, null);
    assert.equal(store.getLink(fresh.sourceIssueId)?.targetKey, fresh.key);
  } finally {
    await store.close();
  }
  await changeSource();
  const after = await h.run(configPath);
  assert.equal(after.exitCode, 0, after.message);
  assert.equal(after.counts.updated, 1, 'changes are synced again');
  assert.equal(after.counts.stopped, 0);
});

test('ignore --stop-syncing is refused (exit 2, saying why, nothing changed) for any entry but a not-found one of a linked issue', async (t) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'bbs-stop-'));
  t.after(() => rmSync(stateDir, { recursive: true, force: true }));
  const store = await openSyncStore({ stateDir, syncName: 'refusals' });
  const failure = (over: Partial<EntryInput>): string =>
    store.recordFailure({
      sourceIssueId: '10019',
      sourceKey: 'SUP-19',
      targetIssueId: '20007',
      targetKey: 'ENG-7',
      operation: 'edit',
      fieldId: null,
      category: 'not-found',
      message: 'The target issue ENG-7 was not found. Retry to sync into a new issue.',
      jiraStatus: 404,
      ...over,
    }).entry.id;
  store.recordLink({
    sourceIssueId: '10019',
    sourceKey: 'SUP-19',
    targetIssueId: '20007',
    targetKey: 'ENG-7',
  });
  const screen = failure({ category: 'field-not-on-screen', fieldId: 'environment', jiraStatus: 400 });
  const create = failure({
    sourceIssueId: '10030',
    sourceKey: 'SUP-30',
    targetIssueId: null,
    targetKey: null,
    operation: 'create',
  });
  const unlinked = failure({
    sourceIssueId: '10031',
    sourceKey: 'SUP-31',
    targetIssueId: '20031',
    targetKey: 'ENG-31',
  });
  const resolved = store.resolveEntry(failure({ operation: 'transition' })).id;
  const stale = failure({
    sourceIssueId: '10019',
    targetIssueId: '20001',
    targetKey: 'ENG-1',
    operation: 'comment',
  });
  const stopping = failure({});
  await store.close();

  const cases: [string, RegExp][] = [
    [
      screen,
      /is a field-not-on-screen entry\. --stop-syncing is only for an entry whose linked target issue was not found/,
    ],
    [create, /is a failed create: Jira did not find the target project or issue type/],
    [unlinked, /SUP-31 is not linked to a target issue/],
    [resolved, /is resolved: SUP-19 syncs into ENG-7 again/],
    [stale, /SUP-19 is linked to ENG-7 now, not to ENG-1 that was not found/],
  ];
  for (const [id, why] of cases) {
    const result = await cli(['ignore', id, '--stop-syncing'], stateDir);
    assert.equal(result.code, 2, `${id}: ${result.stdout}`);
    assert.match(result.stderr, /^backbone-sync ignore: cannot stop syncing: /);
    assert.match(result.stderr, why);
  }
  const check = await readSyncStore({ stateDir, syncName: 'refusals' });
  assert.deepEqual(check.listStops(), []);
  assert.equal(
    check.getEntry(screen)?.state,
    'open',
    'a refused --stop-syncing does not ignore the entry either',
  );
  await check.close();

  // The valid one stops the issue and ignores its other open entries, which are moot now.
  const ok = await cli(['ignore', stopping, '--stop-syncing'], stateDir);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /its other open entries were ignored too: /);
  // Retrying another entry of the stopped issue names the entry that resumes it.
  const other = await cli(['retry', screen], stateDir);
  assert.equal(other.code, 2);
  assert.match(other.stderr, new RegExp(`SUP-19 is not synced: .* run: backbone-sync retry ${stopping}`));
  // Plain ignore of a not-found entry without a link: nothing to stop, later changes sync again.
  const plain = await cli(['ignore', unlinked], stateDir);
  assert.equal(plain.code, 0);
  assert.match(plain.stdout, /A later change of SUP-31 is synced again/);
  // Plain ignore of a linked issue's not-found entry warns that the next change fails again, and names both actions.
  const writable = await openSyncStore({ stateDir, syncName: 'refusals' });
  writable.recordLink({
    sourceIssueId: '10040',
    sourceKey: 'SUP-40',
    targetIssueId: '20040',
    targetKey: 'ENG-40',
  });
  const linked = writable.recordFailure({
    sourceIssueId: '10040',
    sourceKey: 'SUP-40',
    targetIssueId: '20040',
    targetKey: 'ENG-40',
    operation: 'edit',
    category: 'not-found',
    message: 'The target issue ENG-40 was not found. Retry to sync into a new issue.',
  }).entry.id;
  await writable.close();
  const warned = await cli(['ignore', linked], stateDir);
  assert.equal(warned.code, 0);
  assert.match(
    warned.stdout,
    new RegExp(
      `opens a new entry\\. To ignore its future changes: backbone-sync ignore ${linked} --stop-syncing; to sync it into a new issue: backbone-sync retry ${linked}`,
    ),
  );
});
