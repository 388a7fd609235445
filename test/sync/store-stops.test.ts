// The stop of a source issue's sync ("Ignore future changes" of a deleted target issue): schema migration from
// version 1, durability (journal and checkpoint), retention of the entry that stopped it, and erase-account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import initSqlJs from 'sql.js';
import { openSyncStore, readSyncStore, syncPaths, type EntryInput } from '../../server/src/store';
import { MIGRATIONS, SCHEMA_VERSION, migrate, schemaVersion } from '../../server/src/store/schema';
import { filesUnder, tempStateDir, testClock } from './store-fixtures';

const SYNC = 'support-to-eng';

/** The not-found entry the engine opens when the linked target issue was deleted. */
function notFound(overrides: Partial<EntryInput> = {}): EntryInput {
  return {
    sourceIssueId: '10019',
    sourceKey: 'SUP-19',
    targetIssueId: '20007',
    targetKey: 'ENG-7',
    operation: 'edit',
    fieldId: null,
    category: 'not-found',
    message: 'Jira answered 404: the target issue ENG-7 was not found. Retry to sync into a new issue.',
    jiraStatus: 404,
    jiraErrorKeys: [],
    configLine: null,
    pendingChange: { sourceIssueId: '10019', operation: 'edit', fieldIds: ['summary'], accountIds: [] },
    ...overrides,
  };
}

test('a version-1 state database opens, migrates to the current schema on disk, and keeps its links and entries', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  migrate(db, 'v1.sqlite', MIGRATIONS.slice(0, 1));
  assert.equal(schemaVersion(db), 1);
  db.run(`INSERT INTO sync_info (id, name) VALUES (1, '${SYNC}')`);
  db.run(
    `INSERT INTO links VALUES ('10019', 'SUP-19', '20007', 'ENG-7', 'abc123', '2026-01-01T00:00:00.000Z')`,
  );
  db.run(
    `INSERT INTO entries (number, source_issue_id, source_key, target_issue_id, target_key, operation, category,
       message, first_seen, last_seen, attempts, state)
     VALUES (1, '10019', 'SUP-19', '20007', 'ENG-7', 'edit', 'not-found', 'Not found.', '2026-01-01T00:00:00.000Z',
       '2026-01-01T00:00:00.000Z', 1, 'open')`,
  );
  db.run(`INSERT INTO meta VALUES ('next_entry_number', '2')`);
  const path = syncPaths(dir, SYNC).database;
  mkdirSync(syncPaths(dir, SYNC).database.replace(/[^/\\]+$/, ''), { recursive: true });
  writeFileSync(path, db.export());
  db.close();

  const store = await openSyncStore({ stateDir: dir, syncName: SYNC });
  try {
    assert.equal(store.getLink('10019')?.targetKey, 'ENG-7');
    const entry = store.getEntry(`${SYNC}:1`);
    assert.equal(entry?.state, 'open');
    assert.equal(entry?.syncStoppedSince, null);
    assert.deepEqual(store.listStops(), []);
    // The migrated file is written at open: another reader sees the new schema without a run.
    const onDisk = new SQL.Database(readFileSync(path));
    assert.equal(schemaVersion(onDisk), SCHEMA_VERSION);
    assert.ok(SCHEMA_VERSION >= 2);
    onDisk.close();
    store.stopSyncing({ sourceIssueId: '10019', sourceKey: 'SUP-19', entryId: `${SYNC}:1` });
    assert.equal(store.isSyncStopped('10019'), true);
  } finally {
    await store.close();
  }
});

test('a stop survives a reopen, is seen by a read-only snapshot before any checkpoint, and resume lifts it', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const clock = testClock('2026-03-01T08:00:00.000Z');
  let store = await openSyncStore({ stateDir: dir, syncName: SYNC, now: clock.now });
  store.recordLink({
    sourceIssueId: '10019',
    sourceKey: 'SUP-19',
    targetIssueId: '20007',
    targetKey: 'ENG-7',
  });
  const { entry } = store.recordFailure(notFound());
  store.ignoreEntry(entry.id);
  assert.equal(store.isSyncStopped('10019'), false, 'the cache is read before the stop');
  const stop = store.stopSyncing({ sourceIssueId: '10019', sourceKey: 'SUP-19', entryId: entry.id });
  assert.deepEqual(stop, {
    sourceIssueId: '10019',
    sourceKey: 'SUP-19',
    entryId: entry.id,
    since: '2026-03-01T08:00:00.000Z',
  });
  assert.equal(store.isSyncStopped('10019'), true, 'a stop drops the cached set');
  assert.equal(store.isSyncStopped('10020'), false);
  // A second stop keeps the first decision's time and entry.
  clock.advanceDays(1);
  store.stopSyncing({ sourceIssueId: '10019', sourceKey: 'SUP-19', entryId: entry.id });
  assert.equal(store.getStop('10019')?.since, '2026-03-01T08:00:00.000Z');

  // Journaled, not yet checkpointed: a read-only snapshot replays the journal.
  const snapshot = await readSyncStore({ stateDir: dir, syncName: SYNC });
  assert.equal(snapshot.isSyncStopped('10019'), true);
  assert.equal(snapshot.getEntry(entry.id)?.syncStoppedSince, '2026-03-01T08:00:00.000Z');
  await snapshot.close();
  await store.close();

  store = await openSyncStore({ stateDir: dir, syncName: SYNC, now: clock.now });
  try {
    assert.deepEqual(store.listStops(), [stop]);
    assert.equal(store.getEntry(entry.id)?.state, 'ignored');
    assert.deepEqual(store.resumeSyncing('10019'), stop);
    assert.equal(store.isSyncStopped('10019'), false, 'a resume drops the cached set');
    assert.equal(store.getEntry(entry.id)?.syncStoppedSince, null);
    assert.equal(store.resumeSyncing('10019'), undefined, 'resuming twice is a no-op');
  } finally {
    await store.close();
  }
  const reread = await readSyncStore({ stateDir: dir, syncName: SYNC });
  assert.deepEqual(reread.listStops(), []);
  await reread.close();
});

test('the entry that stopped an issue is kept past retentionDays while the stop holds, and purged after a resume', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const clock = testClock();
  const store = await openSyncStore({ stateDir: dir, syncName: SYNC, now: clock.now });
  try {
    store.recordLink({
      sourceIssueId: '10019',
      sourceKey: 'SUP-19',
      targetIssueId: '20007',
      targetKey: 'ENG-7',
    });
    const stopping = store.ignoreEntry(store.recordFailure(notFound()).entry.id);
    store.stopSyncing({ sourceIssueId: '10019', sourceKey: 'SUP-19', entryId: stopping.id });
    const other = store.ignoreEntry(
      store.recordFailure(notFound({ sourceIssueId: '10020', sourceKey: 'SUP-20' })).entry.id,
    );
    clock.advanceDays(31);
    assert.equal(store.purgeExpired(30), 1, 'only the entry without a stop goes');
    assert.equal(store.getEntry(other.id), undefined);
    assert.equal(store.getEntry(stopping.id)?.state, 'ignored');
    store.resumeSyncing('10019');
    assert.equal(store.purgeExpired(30), 1, 'once resumed, its retention applies again');
    assert.equal(store.getEntry(stopping.id), undefined);
  } finally {
    await store.close();
  }
});

test('erase-account leaves stops alone: a stop holds an issue id, key, entry number and time, never an account', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const account = '557058:0a1b2c3d-aaaa-4bbb-8ccc-5d6e7f809102';
  const store = await openSyncStore({ stateDir: dir, syncName: SYNC });
  try {
    store.recordLink({
      sourceIssueId: '10019',
      sourceKey: 'SUP-19',
      targetIssueId: '20007',
      targetKey: 'ENG-7',
    });
    const { entry } = store.recordFailure(
      notFound({
        message: `Jira answered 404 for ENG-7 (assignee ${account}).`,
        pendingChange: {
          sourceIssueId: '10019',
          operation: 'edit',
          fieldIds: ['assignee'],
          accountIds: [account],
        },
      }),
    );
    store.ignoreEntry(entry.id);
    const stop = store.stopSyncing({ sourceIssueId: '10019', sourceKey: 'SUP-19', entryId: entry.id });
    store.eraseAccount(account);
    assert.deepEqual(store.listStops(), [stop]);
    await store.checkpoint();
  } finally {
    await store.close();
  }
  for (const [path, bytes] of filesUnder(dir)) {
    assert.equal(bytes.includes(account), false, `${path} still holds the account ID`);
  }
});

test('the store refuses a stop for an unknown entry or an id that is not one', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const store = await openSyncStore({ stateDir: dir, syncName: SYNC });
  try {
    assert.throws(
      () => store.stopSyncing({ sourceIssueId: '10019', sourceKey: 'SUP-19', entryId: `${SYNC}:9` }),
      { code: 'unknown-entry' },
    );
    const { entry } = store.recordFailure(notFound());
    assert.throws(
      () => store.stopSyncing({ sourceIssueId: 'jane@example.com', sourceKey: 'SUP-19', entryId: entry.id }),
      { code: 'invalid-input' },
    );
    assert.deepEqual(store.listStops(), []);
  } finally {
    await store.close();
  }
});

test('a run records how many issues it skipped as stopped; runs of a version-2 database read as 0', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  migrate(db, 'v2.sqlite', MIGRATIONS.slice(0, 2));
  db.run(`INSERT INTO sync_info (id, name) VALUES (1, '${SYNC}')`);
  db.run(
    `INSERT INTO runs (id, started_at, finished_at, outcome, dry_run, created) VALUES
       (1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:01:00.000Z', 'synced', 0, 3)`,
  );
  const path = syncPaths(dir, SYNC).database;
  mkdirSync(path.replace(/[^/\\]+$/, ''), { recursive: true });
  writeFileSync(path, db.export());
  db.close();

  let store = await openSyncStore({ stateDir: dir, syncName: SYNC });
  try {
    assert.equal(store.lastRun()?.counts.created, 3);
    assert.equal(store.lastRun()?.counts.stopped, 0);
    const runId = store.startRun({ dryRun: false });
    store.finishRun(runId, 'synced', {
      created: 0,
      updated: 1,
      unchanged: 5,
      failed: 0,
      stopped: 2,
      entriesOpened: 0,
      entriesResolved: 0,
    });
  } finally {
    await store.close();
  }
  store = await openSyncStore({ stateDir: dir, syncName: SYNC });
  try {
    assert.equal(store.lastRun()?.counts.stopped, 2);
  } finally {
    await store.close();
  }
});
