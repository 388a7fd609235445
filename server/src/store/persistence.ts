// How a sync's in-memory database reaches the disk: every change is a journal record (buffered per issue,
// fsynced before a create), applied to the database inside one open transaction; a checkpoint rewrites the
// SQLite file (temp + fsync + rename) and empties the journal. Read-only snapshots refuse changes; scratch
// copies (dry runs) apply them in memory only.
import type { Database } from 'sql.js';
import { writeFileDurably } from './database-file';
import { StoreError, unwritable } from './errors';
import type { Journal } from './journal';
import type { LockHandle } from './lock';
import { applyRecord } from './records';
import type { RecordBody } from './records';
import { applyPragmas } from './schema';

export type PersistenceMode =
  { kind: 'writable'; journal: Journal; lock: LockHandle } | { kind: 'read-only' } | { kind: 'scratch' };

export interface PersistenceOptions {
  syncName: string;
  databasePath: string;
  /** The last journal seq the database holds (after replay). */
  seq: number;
  mode: PersistenceMode;
  checkpointEvery: number;
  /** At most this share of the wall time goes to checkpoints (default 0.05; 1 = every `checkpointEvery`). */
  maxCheckpointShare?: number;
}

export class StorePersistence {
  readonly mode: PersistenceMode;
  private seq: number;
  private dirty = false;
  /** Writes between checkpoints share one SQLite transaction: autocommit per statement is 20× slower. */
  private inTransaction = false;
  private issuesSinceCheckpoint = 0;
  private readonly checkpointEvery: number;
  /** A checkpoint rewrites the whole file, so its cost grows with the database: space them out. */
  private readonly maxCheckpointShare: number;
  private lastCheckpointMs = 0;
  private lastCheckpointEnd = performance.now();

  constructor(
    private readonly db: Database,
    private readonly options: PersistenceOptions,
  ) {
    this.mode = options.mode;
    this.seq = options.seq;
    this.checkpointEvery = Math.max(1, options.checkpointEvery);
    this.maxCheckpointShare = Math.min(1, Math.max(0.01, options.maxCheckpointShare ?? 0.05));
  }

  /** Throws `read-only` unless changes are allowed (writable or scratch). */
  assertWritable(): void {
    if (this.mode.kind === 'read-only') {
      throw new StoreError(
        'read-only',
        `The state of sync '${this.options.syncName}' was opened read-only; nothing was written.`,
      );
    }
  }

  /** Journals a change (when writable) and applies it to the database. */
  write(body: RecordBody): void {
    this.assertWritable();
    const seq = this.seq + 1;
    if (this.mode.kind === 'writable') {
      this.mode.journal.append({ ...body, seq });
      // Per-issue records wait for the issue's end (one write); run and sync records, and a user's stop or
      // resume of an issue's sync, are visible at once.
      if (
        body.t === 'run-started' ||
        body.t === 'run-finished' ||
        body.t === 'sync-info' ||
        body.t === 'stop' ||
        body.t === 'resume'
      )
        this.mode.journal.flush();
    }
    this.seq = seq;
    this.begin();
    applyRecord(this.db, body);
    this.dirty = true;
  }

  /** Resolves once every record so far is fsynced (before a create request). */
  async durable(): Promise<void> {
    if (this.mode.kind === 'writable') await this.mode.journal.sync();
  }

  /** The end of one issue: its records are written now, fsynced in the background; checkpoints when due. */
  issueDone(): void {
    if (this.mode.kind !== 'writable') return;
    this.issuesSinceCheckpoint++;
    if (this.checkpointDue()) {
      this.checkpointNow();
      return;
    }
    // Waiting for the fsync would add a disk round trip to every issue; the issues finishing meanwhile share
    // it. A failed fsync loses nothing the next checkpoint (fsynced, awaited) does not write anyway.
    this.mode.journal.flush();
    this.mode.journal.sync().catch(() => undefined);
  }

  /**
   * Runs deletions that are not journaled (purge, erase); when `changed` says they changed something,
   * VACUUMs (so no deleted byte remains) and checkpoints at once, which makes them durable.
   */
  deleteAndCompact<T>(run: () => T, changed: (result: T) => boolean): T {
    this.assertWritable();
    this.begin();
    const result = run();
    if (changed(result)) {
      this.commit();
      this.db.run('VACUUM');
      this.dirty = true;
      this.checkpointNow();
    }
    return result;
  }

  /** Writes the database file (temp + fsync + rename) and empties the journal; no-op without changes. */
  checkpointNow(): void {
    this.issuesSinceCheckpoint = 0;
    if (this.mode.kind !== 'writable' || !this.dirty) return;
    const started = performance.now();
    this.begin();
    this.db.run(`INSERT OR REPLACE INTO meta (key, value) VALUES ('journal_seq', ?)`, [String(this.seq)]);
    this.commit();
    const bytes = this.db.export();
    applyPragmas(this.db); // sql.js reopens the database on export, which resets pragmas
    try {
      writeFileDurably(this.options.databasePath, bytes);
    } catch (error) {
      throw unwritable(this.options.databasePath, error);
    }
    this.mode.journal.truncate();
    this.dirty = false;
    this.lastCheckpointEnd = performance.now();
    this.lastCheckpointMs = this.lastCheckpointEnd - started;
  }

  /** Marks changes the file does not have yet (a migration or a journal replay at open). */
  markDirty(): void {
    this.dirty = true;
  }

  /** Checkpoints, closes the journal and releases the lock (even when the checkpoint fails). */
  async close(): Promise<void> {
    if (this.mode.kind !== 'writable') return;
    const { journal, lock } = this.mode;
    try {
      this.checkpointNow();
    } finally {
      // When the checkpoint failed (disk full…), the journal keeps every record for the next open.
      try {
        journal.flush();
        await journal.close();
      } finally {
        lock.release();
      }
    }
  }

  private checkpointDue(): boolean {
    if (this.issuesSinceCheckpoint < this.checkpointEvery) return false;
    const sinceLast = performance.now() - this.lastCheckpointEnd;
    return sinceLast >= this.lastCheckpointMs * (1 / this.maxCheckpointShare - 1);
  }

  private begin(): void {
    if (this.inTransaction) return;
    this.db.run('BEGIN');
    this.inTransaction = true;
  }

  private commit(): void {
    if (!this.inTransaction) return;
    this.db.run('COMMIT');
    this.inTransaction = false;
  }
}
