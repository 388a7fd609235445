// Reading and durably replacing the SQLite file. sql.js keeps the database in memory, so a commit rewrites
// the whole file: temp file, fsync, rename over the old one, fsync the directory. A file that is not a
// readable SQLite database is reported, never replaced.
import type { Database, SqlJsStatic } from 'sql.js';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreCorruptedError, StoreError } from './errors';

const SQLITE_HEADER = 'SQLite format 3\0';

/** The database in the file, or a new empty one when there is no file. */
export function readDatabase(SQL: SqlJsStatic, path: string): Database {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return new SQL.Database();
    throw new StoreError(
      'store-unreadable',
      `Cannot read the state database ${path} (${errorCode(error) ?? 'I/O error'}). Check its permissions, or use another --state-dir.`,
      path,
    );
  }
  if (bytes.length < 100 || bytes.subarray(0, 16).toString('latin1') !== SQLITE_HEADER) {
    throw new StoreCorruptedError(
      path,
      bytes.length === 0 ? 'the file is empty' : 'it is not an SQLite database',
    );
  }
  let db: Database | undefined;
  try {
    db = new SQL.Database(bytes);
    const check = db.exec('PRAGMA quick_check');
    const verdict = check[0]?.values[0]?.[0];
    if (verdict !== 'ok') throw new Error('integrity check failed');
    return db;
  } catch {
    db?.close();
    throw new StoreCorruptedError(path, 'SQLite cannot read it');
  }
}

/** Replaces the file at `path` with `bytes` so that a crash leaves either the old or the new file. */
export function writeFileDurably(path: string, bytes: Uint8Array): void {
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // best effort
    }
    throw error;
  }
  closeSync(fd);
  renameWithRetry(temp, path);
  fsyncDirectory(dirname(path));
}

/**
 * On Windows a rename over a file that another process has open for a moment (a reader, an antivirus scan)
 * fails with EPERM/EACCES/EBUSY; it succeeds once the file is closed, so retry briefly.
 */
function renameWithRetry(from: string, to: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(from, to);
      return;
    } catch (error) {
      const transient = ['EPERM', 'EACCES', 'EBUSY'].includes(errorCode(error) ?? '');
      if (process.platform !== 'win32' || !transient || attempt >= 20) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
}

/** Makes a rename durable. Windows cannot open a directory for fsync; there the rename is already durable. */
export function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // EISDIR/EPERM on Windows: nothing to do
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}
