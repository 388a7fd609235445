// Opening a sync's store: writable (takes the lock) or a read-only snapshot.
import type { Database } from 'sql.js';
import { mkdirSync } from 'node:fs';
import { readDatabase } from './database-file';
import { StoreCorruptedError, StoreError, unwritable } from './errors';
import { Journal, readJournal } from './journal';
import { acquireLock } from './lock';
import type { LockHandle } from './lock';
import { applyRecord } from './records';
import type { JournalRecord } from './records';
import { scalar } from './queries';
import { SCHEMA_VERSION, applyPragmas, migrate } from './schema';
import { loadSqlJs } from './sqljs';
import { SYNC_NAME_PATTERN, syncPaths, syncsDir } from './state-dir';
import { SqlSyncStore } from './sync-store';
import type { SyncStore } from './types';

export interface OpenSyncStoreOptions {
  stateDir: string;
  syncName: string;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** Checkpoint the journal into SQLite every N processed issues at the least (default 250). */
  checkpointEvery?: number;
  /**
   * A checkpoint rewrites the whole file, so it costs more as the database grows: checkpoints are spaced so
   * they take at most this share of the wall time (default 0.05; 1 checkpoints every `checkpointEvery`).
   */
  maxCheckpointShare?: number;
}

const DEFAULT_CHECKPOINT_EVERY = 250;

/**
 * Opens a sync's store for writing: takes the sync's lock (`LockHeldError` when a live process holds it;
 * a lock left by a dead process is taken over), reads the database (`StoreCorruptedError` when it is not
 * SQLite; never replaced), migrates it, and replays the journal written since the last checkpoint.
 * Creates the state directory and an empty database when there is none.
 */
export async function openSyncStore(options: OpenSyncStoreOptions): Promise<SyncStore> {
  return openWritable(options);
}

/** The same as `openSyncStore`, typed as the implementation (for the CLI verbs and tests). */
export async function openWritable(options: OpenSyncStoreOptions): Promise<SqlSyncStore> {
  checkSyncName(options.syncName);
  const now = options.now ?? (() => new Date());
  const SQL = await loadSqlJs();
  const paths = syncPaths(options.stateDir, options.syncName);
  let lock: LockHandle;
  try {
    mkdirSync(syncsDir(options.stateDir), { recursive: true });
    lock = acquireLock(paths.lock, options.syncName, now());
  } catch (error) {
    throw unwritable(syncsDir(options.stateDir), error);
  }
  let db: Database | undefined;
  let journal: Journal | undefined;
  try {
    // Read under the lock: another writer may have replaced the file since we last looked.
    db = readDatabase(SQL, paths.database);
    const { changed, seq } = prepare(db, paths.database, options.syncName, readJournal(paths.journal));
    journal = new Journal(paths.journal);
    const store = new SqlSyncStore({
      syncName: options.syncName,
      stateDir: options.stateDir,
      databasePath: paths.database,
      db,
      seq,
      now,
      checkpointEvery: options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY,
      maxCheckpointShare: options.maxCheckpointShare,
      mode: { kind: 'writable', journal, lock },
    });
    if (changed) {
      // Fold the replayed journal (or the new schema) into the file now, so the journal starts empty.
      store.markDirty();
      store.checkpointNow();
    }
    return store;
  } catch (error) {
    db?.close();
    await journal?.close();
    lock.release();
    throw unwritable(paths.database, error);
  }
}

export interface ReadSyncStoreOptions {
  stateDir: string;
  syncName: string;
  now?: () => Date;
  /**
   * Accept writes, in memory only: for a dry run, which plans against the real state and must write nothing
   * (no lock, no journal, no file; everything is dropped on close).
   */
  scratch?: boolean;
}

/**
 * Opens a snapshot of a sync's store (database + journal) without the lock and without writing anything:
 * read-only (writes throw `read-only`) for `entries`, `status` and the extension's views, or, with
 * `scratch`, a throw-away copy for a dry run. A sync with no state yet gives an empty store.
 */
export async function readSyncStore(options: ReadSyncStoreOptions): Promise<SyncStore> {
  return openReadOnly(options);
}

export async function openReadOnly(options: ReadSyncStoreOptions): Promise<SqlSyncStore> {
  checkSyncName(options.syncName);
  const SQL = await loadSqlJs();
  const paths = syncPaths(options.stateDir, options.syncName);
  // Journal before database: a checkpoint between the two reads then shows up as already-applied seqs.
  const records = readJournal(paths.journal);
  const db = readDatabase(SQL, paths.database);
  try {
    const { seq } = prepare(db, paths.database, options.syncName, records);
    return new SqlSyncStore({
      syncName: options.syncName,
      stateDir: options.stateDir,
      databasePath: paths.database,
      db,
      seq,
      now: options.now ?? (() => new Date()),
      checkpointEvery: DEFAULT_CHECKPOINT_EVERY,
      mode: options.scratch === true ? { kind: 'scratch' } : { kind: 'read-only' },
    });
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Pragmas, migrations, sync row, journal replay. Returns whether the database changed and its last seq. */
function prepare(
  db: Database,
  path: string,
  syncName: string,
  records: JournalRecord[],
): { changed: boolean; seq: number } {
  applyPragmas(db);
  let versionBefore: number;
  try {
    versionBefore = migrate(db, path);
  } catch (error) {
    if (error instanceof StoreError) throw error;
    // A valid SQLite file whose tables are not ours (another tool's file under our name).
    throw new StoreCorruptedError(path, 'it is an SQLite database, but not a backbone-sync state');
  }
  // A new or migrated database is written at once, so the file on disk has the current schema.
  let changed = versionBefore < SCHEMA_VERSION;
  if (scalar(db, 'SELECT 1 FROM sync_info WHERE id = 1') === undefined) {
    db.run('INSERT INTO sync_info (id, name) VALUES (1, ?)', [syncName]);
    changed = true;
  }
  let seq = Number(scalar(db, `SELECT value FROM meta WHERE key = 'journal_seq'`) ?? 0);
  for (const record of records) {
    if (record.seq <= seq) continue; // already in the database (a crash between checkpoint and truncate)
    try {
      applyRecord(db, record);
    } catch {
      // A record this version cannot apply (hand-edited journal): skip it rather than refuse to open.
    }
    seq = record.seq;
    changed = true;
  }
  return { changed, seq };
}

function checkSyncName(syncName: string): void {
  if (!SYNC_NAME_PATTERN.test(syncName)) {
    throw new StoreError(
      'invalid-input',
      `'${syncName}' is not a sync name: use letters, digits, '.', '_' and '-', starting with a letter or digit.`,
    );
  }
}
