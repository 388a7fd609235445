// The state verbs (entries, ignore, status, erase-account): output and exit codes, run in-process through
// runCli with a fake CliIO, and a few through the built dist/cli.js exactly as a terminal runs them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from '../../server/src/cli';
import type { CliIO, VerbMain } from '../../server/src/cli/io';
import { createEraseAccountMain, guardedSearch } from '../../server/src/cli/erase-account';
import type { EntriesJson, EraseAccountJson, StatusJson } from '../../server/src/protocol/cli-json';
import { openSyncStore, syncPaths } from '../../server/src/store';
import { filesContaining, filesUnder, tempStateDir, testClock, userFailure } from './store-fixtures';

const ACCOUNT = '712020:c0ffee00-1111-4222-8333-444455556666';
const root = join(import.meta.dirname, '..', '..');

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runVerb((a, io) => runCli(a, io), args, env);
}

/** Runs a verb (or the whole dispatcher) in-process with a fake CliIO; returns its exit code and output. */
async function runVerb(verb: VerbMain, args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    stdin: Readable.from([]),
    env: { HOME: '/nonexistent-home', ...env },
    cwd: root,
    isTTY: false,
  };
  const code = await verb(args, io);
  return { code, stdout, stderr };
}

/** Two syncs: one with a finished run, an open entry and a resolved one; one that never ran. */
async function seed(dir: string) {
  const clock = testClock('2026-02-01T09:30:00.000Z');
  const store = await openSyncStore({ stateDir: dir, syncName: 'support-to-eng', now: clock.now });
  store.setSyncInfo({
    configPath: '/configs/support-to-eng.sync.yaml',
    sourceSiteUrl: 'https://support.example.net',
    targetSiteUrl: 'https://eng.example.net/',
  });
  const runId = store.startRun({ dryRun: false });
  const open = store.recordFailure(
    userFailure({
      pendingChange: {
        sourceIssueId: '10001',
        operation: 'edit',
        fieldIds: ['assignee'],
        accountIds: [ACCOUNT],
      },
    }),
  ).entry;
  const resolved = store.recordFailure(
    userFailure({
      sourceIssueId: '10002',
      sourceKey: 'SUP-2',
      targetIssueId: null,
      targetKey: null,
      operation: 'create',
      fieldId: 'customfield_10010',
      category: 'field-not-on-screen',
      message:
        "Field 'customfield_10010' is not on the Create screen of ENG / Bug. Add it to the screen, or remove this mapping.",
      configLine: 20,
    }),
  ).entry;
  store.resolveEntry(resolved.id);
  store.finishRun(runId, 'open-entries', {
    created: 3,
    updated: 1,
    unchanged: 5,
    failed: 1,
    stopped: 2,
    entriesOpened: 2,
    entriesResolved: 1,
  });
  await store.close();
  const other = await openSyncStore({ stateDir: dir, syncName: 'another' });
  await other.close();
  return { open, resolved };
}

test('entries lists open entries as a table with Triggered by → Occurred in, the message and the help link', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const { open } = await seed(dir);
  const result = await cli(['entries', '--state-dir', dir]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  const lines = result.stdout.split('\n');
  assert.match(lines[0] ?? '', /^ID\s+CATEGORY\s+TRIGGERED BY → OCCURRED IN\s+FIELD\s+ATTEMPTS\s+LAST SEEN$/);
  assert.match(
    lines[1] ?? '',
    new RegExp(`^${open.id}\\s+user-not-found\\s+SUP-1 → ENG-1\\s+assignee\\s+1\\s+2026-02-01 09:30 UTC$`),
  );
  assert.ok(!result.stdout.includes('SUP-2'), 'resolved entries are not listed by default');
  assert.ok(result.stdout.includes(`${open.id}: ${open.message}`));
  assert.ok(result.stdout.includes('help: docs/troubleshooting.md#user-not-found'));
  assert.ok(result.stdout.includes('mapping: /configs/support-to-eng.sync.yaml:12'));
});

test('entries --state all --format json gives the extension every field, with browse URLs', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const { open, resolved } = await seed(dir);
  const result = await cli(['entries', '--state', 'all', '--format', 'json', '--state-dir', dir]);
  assert.equal(result.code, 0, result.stderr);
  const view = JSON.parse(result.stdout) as EntriesJson;
  assert.equal(view.version, 1);
  assert.equal(view.stateDir, dir);
  assert.deepEqual(view.problems, []);
  assert.deepEqual(view.entries.map((e) => [e.id, e.state]).sort(), [
    [open.id, 'open'],
    [resolved.id, 'resolved'],
  ]);
  const first = view.entries.find((e) => e.id === open.id);
  assert.deepEqual(first, {
    id: 'support-to-eng:1',
    sync: 'support-to-eng',
    state: 'open',
    category: 'user-not-found',
    operation: 'edit',
    fieldId: 'assignee',
    message: open.message,
    jiraStatus: 400,
    jiraErrorKeys: ['assignee'],
    triggeredBy: { issueId: '10001', key: 'SUP-1', url: 'https://support.example.net/browse/SUP-1' },
    occurredIn: { issueId: '20001', key: 'ENG-1', url: 'https://eng.example.net/browse/ENG-1' },
    firstSeen: '2026-02-01T09:30:00.000Z',
    lastSeen: '2026-02-01T09:30:00.000Z',
    attempts: 1,
    resolvedAt: null,
    configPath: '/configs/support-to-eng.sync.yaml',
    configLine: 12,
    helpUrl: 'docs/troubleshooting.md#user-not-found',
    pendingChange: {
      sourceIssueId: '10001',
      operation: 'edit',
      fieldIds: ['assignee'],
      accountIds: [ACCOUNT],
    },
    syncStoppedSince: null,
  });
  const second = view.entries.find((e) => e.id === resolved.id);
  assert.equal(second?.occurredIn, null);
  assert.equal(second?.pendingChange, null);
  assert.equal(second?.configLine, 20);
});

test('entries: --sync filters, an unknown sync or bad option is exit 2, an empty state says so', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const empty = await cli(['entries', '--state-dir', dir]);
  assert.deepEqual([empty.code, empty.stdout], [0, `No open troubleshooting entries in ${dir}.\n`]);
  await seed(dir);
  const another = await cli(['entries', '--sync', 'another', '--format', 'json', '--state-dir', dir]);
  assert.equal(another.code, 0);
  assert.deepEqual((JSON.parse(another.stdout) as EntriesJson).entries, []);
  const unknown = await cli(['entries', '--sync', 'nope', '--state-dir', dir]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no sync 'nope' in .*The syncs there are: another, support-to-eng\./);
  assert.equal((await cli(['entries', '--state', 'closed', '--state-dir', dir])).code, 2);
  assert.equal((await cli(['entries', '--format', 'xml', '--state-dir', dir])).code, 2);
  assert.equal((await cli(['entries', '--bogus'])).code, 2);
});

test('ignore closes an open entry and deletes its pending change; unknown ids are exit 2 and create nothing', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const { open } = await seed(dir);
  const result = await cli(['ignore', open.id, '--state-dir', dir]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stdout,
    /^Ignored support-to-eng:1 \(user-not-found, SUP-1 → ENG-1\); its pending change was deleted\./,
  );
  const after = JSON.parse(
    (await cli(['entries', '--state', 'ignored', '--format', 'json', '--state-dir', dir])).stdout,
  ) as EntriesJson;
  assert.deepEqual(
    after.entries.map((e) => [e.id, e.pendingChange]),
    [[open.id, null]],
  );
  assert.deepEqual(filesContaining(dir, ACCOUNT), [], 'the pending change account id is gone from the files');

  const again = await cli(['ignore', open.id, '--state-dir', dir]);
  assert.deepEqual([again.code, again.stdout], [0, `${open.id} is already ignored; nothing to do.\n`]);

  const before = filesUnder(dir);
  for (const id of ['support-to-eng:99', 'no-such-sync:1']) {
    const unknown = await cli(['ignore', id, '--state-dir', dir]);
    assert.equal(unknown.code, 2, id);
    assert.match(unknown.stderr, new RegExp(`No troubleshooting entry '${id}' in `));
  }
  const malformed = await cli(['ignore', 'garbage', '--state-dir', dir]);
  assert.equal(malformed.code, 2);
  assert.match(malformed.stderr, /ids look like <sync name>:<number>/);
  assert.equal((await cli(['ignore', '--state-dir', dir])).code, 2);
  assert.deepEqual(filesUnder(dir), before, 'failed ignores write nothing');
});

test('ignore exits 3 naming the pid while a run of that sync holds its lock', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const { open } = await seed(dir);
  const running = await openSyncStore({ stateDir: dir, syncName: 'support-to-eng' });
  const result = await cli(['ignore', open.id, '--state-dir', dir]);
  await running.close();
  assert.equal(result.code, 3);
  assert.ok(result.stderr.includes(`pid ${process.pid}`), result.stderr);
});

test('status lists each sync with its config, last run, counts and open entries, as text and JSON', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const none = await cli(['status', '--state-dir', dir]);
  assert.deepEqual(
    [none.code, none.stdout],
    [0, `No syncs in ${dir} yet. Run one with: backbone-sync run CONFIG\n`],
  );
  await seed(dir);
  const text = await cli(['status', '--state-dir', dir]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^another\s+never\s+-\s+-\s+0\s+-$/m);
  assert.match(
    text.stdout,
    /^support-to-eng\s+2026-02-01 09:30 UTC\s+open-entries\s+3 created, 1 updated, 5 unchanged, 1 failed, 2 skipped \(sync stopped\)\s+1\s+\/configs\/support-to-eng\.sync\.yaml$/m,
  );
  const json = await cli(['status', '--format', 'json', '--state-dir', dir]);
  const view = JSON.parse(json.stdout) as StatusJson;
  assert.equal(view.version, 1);
  assert.deepEqual(
    view.syncs.map((s) => s.name),
    ['another', 'support-to-eng'],
  );
  const sync = view.syncs[1];
  assert.equal(sync?.configPath, '/configs/support-to-eng.sync.yaml');
  assert.equal(sync?.targetSiteUrl, 'https://eng.example.net');
  assert.equal(sync?.openEntries, 1);
  assert.equal(sync?.running, false);
  assert.equal(sync?.problem, null);
  assert.deepEqual(sync?.lastRun, {
    id: 1,
    startedAt: '2026-02-01T09:30:00.000Z',
    finishedAt: '2026-02-01T09:30:00.000Z',
    outcome: 'open-entries',
    dryRun: false,
    counts: {
      created: 3,
      updated: 1,
      unchanged: 5,
      failed: 1,
      stopped: 2,
      entriesOpened: 2,
      entriesResolved: 1,
    },
  });
  assert.deepEqual(sync?.lastRealRun, sync?.lastRun);
  assert.equal(view.syncs[0]?.lastRun, null);
});

test('status shows a run whose process died as interrupted, and a live run as running', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const store = await openSyncStore({ stateDir: dir, syncName: 'demo' });
  store.startRun({ dryRun: false });
  const live = JSON.parse(
    (await cli(['status', '--format', 'json', '--state-dir', dir])).stdout,
  ) as StatusJson;
  assert.deepEqual([live.syncs[0]?.running, live.syncs[0]?.lastRun?.outcome], [true, 'running']);
  await store.close(); // the run never finished: as if its process died
  const dead = JSON.parse(
    (await cli(['status', '--format', 'json', '--state-dir', dir])).stdout,
  ) as StatusJson;
  assert.deepEqual([dead.syncs[0]?.running, dead.syncs[0]?.lastRun?.outcome], [false, 'interrupted']);
});

test('a damaged database is reported by status and entries (exit 2) while the other syncs are still shown', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  await seed(dir);
  const damaged = syncPaths(dir, 'another').database;
  writeFileSync(damaged, 'garbage'.repeat(40));
  const before = filesUnder(dir);
  const status = await cli(['status', '--format', 'json', '--state-dir', dir]);
  assert.equal(status.code, 2);
  const view = JSON.parse(status.stdout) as StatusJson;
  assert.equal(view.syncs[0]?.problem?.code, 'store-corrupted');
  assert.ok(view.syncs[0]?.problem?.message.includes(damaged));
  assert.equal(view.syncs[1]?.openEntries, 1);
  const entries = await cli(['entries', '--state-dir', dir]);
  assert.equal(entries.code, 2);
  assert.ok(entries.stdout.includes('support-to-eng:1'));
  assert.ok(entries.stderr.includes(damaged) && entries.stderr.includes('move it aside'));
  assert.deepEqual(filesUnder(dir), before);
});

test('erase-account removes the account from every sync; a target it cannot search is exit 3, erased all the same', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  await seed(dir);
  assert.ok(filesContaining(dir, ACCOUNT).length > 0);
  // The seeded config path does not exist, so the search fails before any request.
  const result = await cli(['erase-account', ACCOUNT, '--state-dir', dir]);
  assert.equal(result.code, 3, result.stderr);
  assert.ok(result.stdout.includes(`Erased account ${ACCOUNT} from the state in ${dir}:`));
  assert.match(
    result.stdout,
    /support-to-eng: 1 pending-change reference and 0 entry messages removed; the file was compacted/,
  );
  assert.match(result.stdout, /another: nothing stored about it/);
  assert.match(result.stdout, /another: none/, 'a sync that never ran with a config synced nothing');
  assert.match(
    result.stdout,
    /support-to-eng: not searched\. Could not search the target of sync 'support-to-eng'/,
  );
  assert.match(result.stderr, /support-to-eng: Could not search the target/);
  assert.deepEqual(filesContaining(dir, ACCOUNT), []);
});

test('erase-account lists the target issues the search finds, as text and JSON', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  await seed(dir);
  const searched: string[] = [];
  const verb = createEraseAccountMain({
    findTargetIssues: guardedSearch(async ({ accountId, sync }) => {
      searched.push(`${sync.name} ${accountId} ${sync.configPath}`);
      return [{ issueId: '20001', key: 'ENG-1', fieldIds: ['assignee', 'customfield_10020'] }];
    }),
  });
  const text = await runVerb(verb, [ACCOUNT, '--state-dir', dir]);
  assert.equal(text.code, 0, text.stderr);
  assert.deepEqual(searched, [`support-to-eng ${ACCOUNT} /configs/support-to-eng.sync.yaml`]);
  assert.match(text.stdout, /Target issues where the user still appears in a mapped user field/);
  assert.match(text.stdout, /^ {2}support-to-eng: ENG-1 \(assignee, customfield_10020\)$/m);
  const json = await runVerb(verb, [ACCOUNT, '--format', 'json', '--state-dir', dir]);
  const view = JSON.parse(json.stdout) as EraseAccountJson;
  assert.equal(view.targetSearch, 'done');
  assert.deepEqual(view.syncs.find((s) => s.name === 'support-to-eng')?.removed, {
    pendingChangeReferences: 0,
    entryMessages: 0,
  });
  assert.deepEqual(view.syncs.find((s) => s.name === 'support-to-eng')?.targetIssues?.[0]?.key, 'ENG-1');
});

test("a failed target search never prints a foreign error's text (it may be Jira's, naming people)", async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  await seed(dir);
  class ForeignError extends Error {}
  const verb = createEraseAccountMain({
    findTargetIssues: guardedSearch(async () => {
      throw new ForeignError('{"errorMessages":["The user Jane Doe (jane@partner.example) does not exist"]}');
    }),
  });
  const result = await runVerb(verb, [ACCOUNT, '--state-dir', dir]);
  assert.equal(result.code, 3);
  assert.match(
    result.stdout,
    /Could not search the target of sync 'support-to-eng': Error \(details withheld\)/,
  );
  assert.ok(!`${result.stdout}${result.stderr}`.includes('Jane'));
});

test('erase-account refuses what is not an account ID (exit 2) and exits 3 when a sync is locked', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  await seed(dir);
  const email = await cli(['erase-account', 'jane@example.com', '--state-dir', dir]);
  assert.equal(email.code, 2);
  assert.ok(!email.stderr.includes('jane'), 'the refused value is not echoed');
  assert.equal((await cli(['erase-account', '--state-dir', dir])).code, 2);
  const running = await openSyncStore({ stateDir: dir, syncName: 'another' });
  const locked = await cli(['erase-account', ACCOUNT, '--state-dir', dir]);
  await running.close();
  assert.equal(locked.code, 3);
  assert.match(locked.stdout, /another: NOT erased\./);
  assert.match(locked.stdout, /support-to-eng: 1 pending-change reference/);
});

test('BACKBONE_STATE_DIR is honoured when --state-dir is not given', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  await seed(dir);
  const result = await cli(['status', '--format', 'json'], { BACKBONE_STATE_DIR: dir });
  assert.equal((JSON.parse(result.stdout) as StatusJson).syncs.length, 2);
});

test(
  'the built dist/cli.js runs the state verbs with the wasm beside it',
  { timeout: 120_000 },
  async (t) => {
    const cliJs = join(root, 'dist', 'cli.js');
    if (!existsSync(cliJs)) {
      t.skip('dist/cli.js is not built (npm test builds it)');
      return;
    }
    const { dir, cleanup } = tempStateDir();
    t.after(cleanup);
    const { open } = await seed(dir);
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [cliJs, ...args, '--state-dir', dir], {
        encoding: 'utf8',
        timeout: 60_000,
      });
    const status = run('status', '--format', 'json');
    assert.equal(status.status, 0, status.stderr);
    assert.equal((JSON.parse(status.stdout) as StatusJson).syncs[1]?.openEntries, 1);
    const entries = run('entries');
    assert.equal(entries.status, 0, entries.stderr);
    assert.ok(entries.stdout.includes(open.id));
    const ignore = run('ignore', open.id);
    assert.equal(ignore.status, 0, ignore.stderr);
    const unknown = run('ignore', 'support-to-eng:42');
    assert.equal(unknown.status, 2);
    const erase = run('erase-account', ACCOUNT);
    assert.equal(erase.status, 3, 'the seeded config does not exist: the target search cannot run');
    assert.match(
      erase.stdout,
      /support-to-eng: nothing stored about it/,
      'ignore already deleted the reference',
    );
    mkdirSync(join(dir, 'syncs'), { recursive: true });
    writeFileSync(syncPaths(dir, 'support-to-eng').database, 'garbage'.repeat(40));
    const damaged = run('ignore', 'support-to-eng:1');
    assert.equal(damaged.status, 2);
    assert.match(damaged.stderr, /is damaged/);
  },
);
