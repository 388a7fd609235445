// The store's durability: lock, journal replay after a crash, torn lines, checkpoints, migrations, and a
// damaged database that is reported and never replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import {
  LockHeldError,
  StoreCorruptedError,
  StoreError,
  StoreTooNewError,
  openSyncStore,
  readSyncStore,
  syncPaths,
} from '../../server/src/store';
import { migrate, schemaVersion, SCHEMA_VERSION } from '../../server/src/store/schema';
import { filesUnder, tempStateDir, userFailure } from './store-fixtures';

const link = (n: number) => ({
  sourceIssueId: String(10000 + n),
  sourceKey: `SUP-${n}`,
  targetIssueId: String(20000 + n),
  targetKey: `ENG-${n}`,
  payloadHash: `hash-${n}`,
});

/** Copies a sync's files as they are on disk right now: the state a crash at this instant leaves. */
function snapshotOnDisk(fromDir: string, toDir: string, sync: string): void {
  const from = syncPaths(fromDir, sync);
  const to = syncPaths(toDir, sync);
  mkdirSync(join(toDir, 'syncs'), { recursive: true });
  copyFileSync(from.database, to.database);
  copyFileSync(from.journal, to.journal);
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  assert.ok(child.pid);
  return child.pid;
}

test('a new store gets the current schema version, secure_delete and its sync name', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const store = await openSyncStore({ stateDir: dir, syncName: 'support-to-eng' });
  assert.equal(store.getSyncInfo().name, 'support-to-eng');
  await store.close();
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(syncPaths(dir, 'support-to-eng').database));
  assert.equal(schemaVersion(db), SCHEMA_VERSION);
  db.close();
});

test('migrations run in order, keep the data, and a newer schema is refused without touching the file', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  const v1 = ['CREATE TABLE links (source_issue_id TEXT PRIMARY KEY)'];
  migrate(db, 'test.sqlite', v1);
  db.run(`INSERT INTO links VALUES ('10001')`);
  const found = migrate(db, 'test.sqlite', [...v1, 'ALTER TABLE links ADD COLUMN payload_hash TEXT']);
  assert.equal(found, 1);
  assert.equal(schemaVersion(db), 2);
  assert.deepEqual(db.exec('SELECT source_issue_id, payload_hash FROM links')[0]?.values, [['10001', null]]);

  // A database written by a future version.
  db.run('PRAGMA user_version = 99');
  const path = syncPaths(dir, 'future').database;
  mkdirSync(join(dir, 'syncs'), { recursive: true });
  writeFileSync(path, db.export());
  db.close();
  const before = readFileSync(path);
  await assert.rejects(openSyncStore({ stateDir: dir, syncName: 'future' }), (error: unknown) => {
    assert.ok(error instanceof StoreTooNewError);
    assert.match(error.message, /schema version 99/);
    assert.ok(error.message.includes(path));
    return true;
  });
  assert.deepEqual(readFileSync(path), before);
});

test('a second writer of the same sync fails naming the holder pid; after close it can open', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const first = await openSyncStore({ stateDir: dir, syncName: 'demo' });
  await assert.rejects(openSyncStore({ stateDir: dir, syncName: 'demo' }), (error: unknown) => {
    assert.ok(error instanceof LockHeldError);
    assert.equal(error.code, 'lock-held');
    assert.equal(error.pid, process.pid);
    assert.ok(error.message.includes(`pid ${process.pid}`));
    return true;
  });
  // Other syncs are independent.
  const other = await openSyncStore({ stateDir: dir, syncName: 'other' });
  await other.close();
  await first.close();
  const again = await openSyncStore({ stateDir: dir, syncName: 'demo' });
  await again.close();
});

test('a lock held by another live process is respected', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  t.after(() => holder.kill());
  assert.ok(holder.pid);
  const lock = syncPaths(dir, 'demo').lock;
  mkdirSync(join(dir, 'syncs'), { recursive: true });
  writeFileSync(lock, JSON.stringify({ pid: holder.pid, startedAt: new Date().toISOString(), token: 'x' }));
  await assert.rejects(openSyncStore({ stateDir: dir, syncName: 'demo' }), (error: unknown) => {
    assert.ok(error instanceof LockHeldError);
    assert.equal(error.pid, holder.pid);
    return true;
  });
  assert.ok(statSync(lock).isFile(), 'the live holder keeps its lock');
});

test('on Linux, a lock whose pid now belongs to a process started after the lock (pid reuse) is stale', async (t) => {
  if (process.platform !== 'linux') {
    t.skip('pid start times come from /proc');
    return;
  }
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const lock = syncPaths(dir, 'demo').lock;
  mkdirSync(join(dir, 'syncs'), { recursive: true });
  // Our own pid, "locked" long before this process started: the lock must be from an earlier boot.
  writeFileSync(
    lock,
    JSON.stringify({ pid: process.pid, startedAt: '2001-01-01T00:00:00.000Z', token: 'old' }),
  );
  const store = await openSyncStore({ stateDir: dir, syncName: 'demo' });
  await store.close();
});

test('a stale lock left by a dead process is taken over', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const lock = syncPaths(dir, 'demo').lock;
  mkdirSync(join(dir, 'syncs'), { recursive: true });
  writeFileSync(
    lock,
    JSON.stringify({ pid: deadPid(), startedAt: '2026-01-01T00:00:00.000Z', token: 'old' }),
  );
  const store = await openSyncStore({ stateDir: dir, syncName: 'demo' });
  assert.equal(JSON.parse(readFileSync(lock, 'utf8')).pid, process.pid);
  await store.close();
  assert.throws(() => statSync(lock), /ENOENT/, 'close releases the lock');
});

test('writes between checkpoints go to the journal, not to the database file', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const paths = syncPaths(dir, 'demo');
  const store = await openSyncStore({
    stateDir: dir,
    syncName: 'demo',
    checkpointEvery: 3,
    maxCheckpointShare: 1,
  });
  const initial = readFileSync(paths.database);
  for (const n of [1, 2]) {
    store.recordLink(link(n));
    await store.markIssueProcessed();
  }
  assert.deepEqual(readFileSync(paths.database), initial, 'two issues: database file unchanged');
  assert.ok(readFileSync(paths.journal).length > 0, 'the journal holds them');
  store.recordLink(link(3));
  await store.markIssueProcessed();
  assert.notDeepEqual(readFileSync(paths.database), initial, 'the third issue checkpoints');
  assert.equal(readFileSync(paths.journal).length, 0, 'and empties the journal');
  await store.close();
});

test('a crash between journal append and checkpoint loses nothing', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const crashed = tempStateDir();
  t.after(crashed.cleanup);
  const store = await openSyncStore({ stateDir: dir, syncName: 'demo', checkpointEvery: 1000 });
  store.setSyncInfo({
    configPath: '/configs/demo.sync.yaml',
    sourceSiteUrl: 'https://support.example.net',
    targetSiteUrl: 'https://eng.example.net',
  });
  const runId = store.startRun({ dryRun: false });
  store.recordLink(link(1));
  await store.checkpoint();
  store.recordLink(link(2));
  store.setPayloadHash('10001', 'hash-1b');
  store.recordCommentLink({ sourceIssueId: '10001', sourceCommentId: '30001', targetCommentId: '40001' });
  await store.recordCreateIntent({ sourceIssueId: '10003', sourceKey: 'SUP-3' });
  const { entry } = store.recordFailure(userFailure());
  await store.markIssueProcessed(); // the issue is done: its records are in the journal file
  snapshotOnDisk(dir, crashed.dir, 'demo');
  await store.close();

  const reopened = await openSyncStore({ stateDir: crashed.dir, syncName: 'demo' });
  assert.equal(reopened.linkCount(), 2);
  assert.equal(reopened.getLink('10001')?.payloadHash, 'hash-1b');
  assert.equal(reopened.getCommentLink('30001')?.targetCommentId, '40001');
  assert.deepEqual(
    reopened.unfinishedCreateIntents().map((i) => i.sourceKey),
    ['SUP-3'],
  );
  assert.deepEqual(reopened.getEntry(entry.id), entry);
  assert.equal(reopened.getSyncInfo().configPath, '/configs/demo.sync.yaml');
  assert.equal(reopened.lastRun()?.id, runId);
  assert.equal(reopened.lastRun()?.outcome, 'running');
  // The replayed journal is folded into the database at once.
  assert.equal(readFileSync(syncPaths(crashed.dir, 'demo').journal).length, 0);
  // The next run marks the one that died as interrupted.
  reopened.startRun({ dryRun: false });
  assert.equal(reopened.listRuns()[1]?.outcome, 'interrupted');
  await reopened.close();
});

test('a process killed with SIGKILL before any checkpoint loses nothing, and its lock is taken over', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'store-crash-child.ts'), dir],
    {
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  assert.equal(child.signal, 'SIGKILL', child.stderr);
  assert.match(child.stdout, /wrote run 1/);
  const store = await openSyncStore({ stateDir: dir, syncName: 'crashy' });
  assert.equal(store.linkCount(), 50);
  assert.deepEqual(
    store.unfinishedCreateIntents().map((i) => i.sourceIssueId),
    ['10051'],
  );
  assert.equal(store.listEntries().length, 1);
  assert.equal(store.listEntries()[0]?.category, 'invalid-transition');
  await store.close();
});

test('a torn last journal line is ignored and the lines before it are replayed', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const crashed = tempStateDir();
  t.after(crashed.cleanup);
  const store = await openSyncStore({ stateDir: dir, syncName: 'demo' });
  store.recordLink(link(1));
  store.recordLink(link(2));
  await store.markIssueProcessed();
  snapshotOnDisk(dir, crashed.dir, 'demo');
  await store.close();
  appendFileSync(syncPaths(crashed.dir, 'demo').journal, '{"t":"link","sourceIssueId":"10003","sourceK');
  const reopened = await openSyncStore({ stateDir: crashed.dir, syncName: 'demo' });
  assert.deepEqual(
    reopened.listLinks().map((l) => l.sourceKey),
    ['SUP-1', 'SUP-2'],
  );
  reopened.recordLink(link(3));
  await reopened.close();
  const again = await readSyncStore({ stateDir: crashed.dir, syncName: 'demo' });
  assert.equal(again.linkCount(), 3);
  await again.close();
});

test('journal lines already in the database (crash between checkpoint and truncate) are not applied twice', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const crashed = tempStateDir();
  t.after(crashed.cleanup);
  const store = await openSyncStore({ stateDir: dir, syncName: 'demo' });
  store.recordFailure(userFailure());
  await store.markIssueProcessed();
  const journalBefore = readFileSync(syncPaths(dir, 'demo').journal);
  assert.ok(journalBefore.length > 0);
  await store.checkpoint();
  snapshotOnDisk(dir, crashed.dir, 'demo');
  await store.close();
  writeFileSync(syncPaths(crashed.dir, 'demo').journal, journalBefore);
  const reopened = await readSyncStore({ stateDir: crashed.dir, syncName: 'demo' });
  assert.equal(reopened.listEntries()[0]?.attempts, 1);
  await reopened.close();
});

for (const [what, damage] of [
  ['a file that is not SQLite', (_real: Buffer) => Buffer.from('this is not a database\n'.repeat(20))],
  ['an empty file', (_real: Buffer) => Buffer.alloc(0)],
  [
    'an SQLite file with damaged pages',
    (real: Buffer) => {
      const bad = Buffer.from(real);
      for (let i = 100; i < bad.length; i++) bad[i] = (i * 31) & 0xff;
      return bad;
    },
  ],
] as const) {
  test(`a damaged database (${what}) is reported with its path and how to recover, and left byte-for-byte untouched`, async (t) => {
    const { dir, cleanup } = tempStateDir();
    t.after(cleanup);
    const paths = syncPaths(dir, 'demo');
    const store = await openSyncStore({ stateDir: dir, syncName: 'demo' });
    for (let n = 1; n <= 40; n++) store.recordLink(link(n));
    await store.close();
    writeFileSync(paths.database, damage(readFileSync(paths.database)));
    const before = filesUnder(dir);
    for (const open of [openSyncStore, readSyncStore]) {
      await assert.rejects(open({ stateDir: dir, syncName: 'demo' }), (error: unknown) => {
        assert.ok(error instanceof StoreCorruptedError, String(error));
        assert.equal(error.code, 'store-corrupted');
        assert.equal(error.path, paths.database);
        assert.ok(error.message.includes(paths.database));
        assert.match(error.message, /move it aside/);
        assert.match(error.message, /rebuilt from the target/);
        return true;
      });
    }
    assert.deepEqual(filesUnder(dir), before, 'nothing written, no lock left behind');
  });
}

test('an SQLite file that is not a backbone-sync state is reported as such and left untouched', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const SQL = await initSqlJs();
  const foreign = new SQL.Database();
  foreign.run('CREATE TABLE meta (whatever TEXT); CREATE TABLE links (x INTEGER)');
  const path = syncPaths(dir, 'demo').database;
  mkdirSync(join(dir, 'syncs'), { recursive: true });
  writeFileSync(path, foreign.export());
  foreign.close();
  const before = filesUnder(dir);
  await assert.rejects(openSyncStore({ stateDir: dir, syncName: 'demo' }), (error: unknown) => {
    assert.ok(error instanceof StoreCorruptedError);
    assert.match(error.message, /not a backbone-sync state/);
    return true;
  });
  assert.deepEqual(filesUnder(dir), before);
});

test('a read-only snapshot sees journaled writes, refuses writes, and writes nothing', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const writer = await openSyncStore({ stateDir: dir, syncName: 'demo' });
  writer.recordLink(link(1));
  writer.recordFailure(userFailure());
  await writer.markIssueProcessed();
  const before = filesUnder(dir);
  const reader = await readSyncStore({ stateDir: dir, syncName: 'demo' });
  assert.equal(reader.readOnly, true);
  assert.equal(reader.linkCount(), 1);
  assert.equal(reader.listEntries().length, 1);
  assert.throws(() => reader.recordLink(link(2)), { code: 'read-only' });
  await reader.close();
  assert.deepEqual(filesUnder(dir), before);
  await writer.close();
});

test('sync names that could escape the state directory are refused', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  for (const name of ['../evil', 'a/b', '', '.hidden']) {
    await assert.rejects(openSyncStore({ stateDir: dir, syncName: name }), { code: 'invalid-input' });
  }
});

test('a state directory that cannot be written gives a store error naming it, not a stack trace', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const notADirectory = join(dir, 'state-file');
  writeFileSync(notADirectory, 'a file where the state directory should be');
  await assert.rejects(openSyncStore({ stateDir: notADirectory, syncName: 'demo' }), (error: unknown) => {
    assert.ok(error instanceof StoreError);
    assert.equal(error.code, 'store-unwritable');
    assert.ok(error.message.includes(join(notADirectory, 'syncs')));
    assert.match(error.message, /ENOTDIR/);
    return true;
  });
});

test('a scratch copy (dry run) accepts writes in memory and leaves the state directory byte-for-byte unchanged', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const store = await openSyncStore({ stateDir: dir, syncName: 'demo' });
  store.recordLink(link(1));
  await store.close();
  const before = filesUnder(dir);
  const scratch = await readSyncStore({ stateDir: dir, syncName: 'demo', scratch: true });
  assert.equal(scratch.readOnly, false);
  const runId = scratch.startRun({ dryRun: true });
  await scratch.recordCreateIntent({ sourceIssueId: '10002', sourceKey: 'SUP-2' });
  scratch.recordLink(link(2));
  scratch.recordFailure(userFailure());
  await scratch.markIssueProcessed();
  scratch.finishRun(runId, 'synced', {
    created: 1,
    updated: 0,
    unchanged: 1,
    failed: 0,
    entriesOpened: 1,
    entriesResolved: 0,
  });
  assert.equal(scratch.purgeExpired(30), 0);
  assert.equal(scratch.linkCount(), 2);
  assert.equal(scratch.lastRun()?.dryRun, true);
  await scratch.checkpoint();
  await scratch.close();
  assert.deepEqual(filesUnder(dir), before);
  // A sync that never ran: an empty scratch store, and still no file.
  const fresh = await readSyncStore({ stateDir: dir, syncName: 'never-ran', scratch: true });
  fresh.startRun({ dryRun: true });
  await fresh.close();
  assert.deepEqual(filesUnder(dir), before);
});
