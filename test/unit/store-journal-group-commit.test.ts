// The journal's group commit: callers waiting together share one fsync, yet each call resolves only after an
// fsync that started after its record was written (the durability a create intent relies on).
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../../server/src/store/journal';
import type { JournalRecord } from '../../server/src/store/records';

const realFsync = fs.fsync;
/** Each fsync started: the file size it covers and the function that completes it. */
let started: { size: number; done: () => void }[] = [];
let holdFsyncs = false;

function watchFsyncs(): void {
  started = [];
  (fs as { fsync: unknown }).fsync = (fd: number, callback: (error: Error | null) => void): void => {
    const size = fs.fstatSync(fd).size;
    const done = (): void => realFsync(fd, callback);
    started.push({ size, done });
    if (!holdFsyncs) done();
  };
  syncBuiltinESMExports();
}

afterEach(() => {
  (fs as { fsync: unknown }).fsync = realFsync;
  syncBuiltinESMExports();
  holdFsyncs = false;
});

/** Waits (up to 30 s, generous for a loaded machine) until `count` fsyncs have started. */
async function fsyncsStarted(count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (started.length < count) {
    assert.ok(Date.now() < deadline, `expected ${count} fsyncs to start, saw ${started.length}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

const record = (seq: number): JournalRecord => ({ seq, t: 'intent' }) as unknown as JournalRecord;

function tempJournal(): { journal: Journal; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'journal-group-'));
  return { journal: new Journal(join(dir, 'sync.journal')), dir };
}

test('every sync after the first fsyncs again (no stale promise is reused)', async () => {
  watchFsyncs();
  const { journal, dir } = tempJournal();
  for (let seq = 1; seq <= 3; seq++) {
    journal.append(record(seq));
    await journal.sync();
  }
  assert.equal(started.length, 3);
  await journal.close();
  rmSync(dir, { recursive: true, force: true });
});

test('concurrent syncs share one fsync that covers all their records', async () => {
  watchFsyncs();
  const { journal, dir } = tempJournal();
  const calls = Array.from({ length: 50 }, (_, index) => {
    journal.append(record(index + 1));
    return journal.sync();
  });
  await Promise.all(calls);
  assert.equal(started.length, 1);
  assert.equal(started[0]?.size, fs.statSync(journal.path).size);
  await journal.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a sync arriving while an fsync is in flight waits for the next fsync, which covers its record', async () => {
  holdFsyncs = true;
  watchFsyncs();
  const { journal, dir } = tempJournal();
  journal.append(record(1));
  let firstDone = false;
  const first = journal.sync().then(() => (firstDone = true));
  await fsyncsStarted(1);
  const sizeBefore = started[0]?.size ?? 0;
  // Arrive while the first fsync is in flight.
  const late = Array.from({ length: 10 }, (_, index) => {
    journal.append(record(index + 2));
    return journal.sync();
  });
  let lateDone = false;
  const lateAll = Promise.all(late).then(() => (lateDone = true));
  started[0]?.done();
  await first;
  assert.equal(firstDone, true);
  assert.equal(
    lateDone,
    false,
    'the late calls must not resolve on the fsync that started before their write',
  );
  await fsyncsStarted(2);
  assert.ok((started[1]?.size ?? 0) > sizeBefore, 'the second fsync covers the late records');
  started[1]?.done();
  await lateAll;
  assert.equal(started.length, 2, 'the ten late calls shared one fsync');
  await journal.close();
  rmSync(dir, { recursive: true, force: true });
});
