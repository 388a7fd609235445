// Every way opening or writing the store can fail, as a typed error whose message is written for the user
// (what happened, where, what to do). The CLI maps each `code` to an exit code: `lock-held` → 3, others → 2.

export type StoreErrorCode =
  | 'lock-held'
  | 'store-corrupted'
  | 'store-too-new'
  | 'store-unreadable'
  | 'store-unwritable'
  | 'unknown-entry'
  | 'invalid-entry-id'
  | 'invalid-input'
  | 'read-only'
  | 'target-search-failed';

/** Base class: `code` says which failure, `path` the file involved when there is one. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly path: string | undefined;
  constructor(code: StoreErrorCode, message: string, path?: string) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
    this.path = path;
  }
}

/** Another live process holds the sync's lock (a run of the same sync is in progress). */
export class LockHeldError extends StoreError {
  readonly pid: number;
  readonly since: string | null;
  readonly syncName: string;
  constructor(syncName: string, lockPath: string, pid: number, since: string | null) {
    super(
      'lock-held',
      `Sync '${syncName}' is in use by another backbone-sync process (pid ${pid}${since ? `, since ${since}` : ''}). ` +
        `Wait for it to finish, or stop it. The lock is ${lockPath}; it is taken over automatically once that process has exited.`,
      lockPath,
    );
    this.name = 'LockHeldError';
    this.pid = pid;
    this.since = since;
    this.syncName = syncName;
  }
}

/** The database file exists but is not a readable SQLite database. It is never replaced silently. */
export class StoreCorruptedError extends StoreError {
  constructor(path: string, reason: string) {
    super(
      'store-corrupted',
      `The state database ${path} is damaged (${reason}); backbone-sync left it untouched. ` +
        `To recover, move it aside (e.g. rename it to ${path}.damaged) and run the sync again: ` +
        `links are rebuilt from the target project on the next run; open troubleshooting entries in it are lost.`,
      path,
    );
    this.name = 'StoreCorruptedError';
  }
}

/** The database was written by a newer backbone-sync (schema version above ours). */
export class StoreTooNewError extends StoreError {
  constructor(path: string, found: number, supported: number) {
    super(
      'store-too-new',
      `The state database ${path} has schema version ${found}, but this backbone-sync supports up to ${supported}. ` +
        `Update backbone-sync, or use another --state-dir.`,
      path,
    );
    this.name = 'StoreTooNewError';
  }
}

/** An entry id that names no entry in the state directory. */
export class UnknownEntryError extends StoreError {
  constructor(entryId: string, stateDir: string) {
    super(
      'unknown-entry',
      `No troubleshooting entry '${entryId}' in ${stateDir}. List them with: backbone-sync entries --state all`,
    );
    this.name = 'UnknownEntryError';
  }
}

/** A file system error while writing the state, as a message for the user (never a raw stack). */
export function unwritable(path: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'I/O error';
  return new StoreError(
    'store-unwritable',
    `Cannot write the state at ${path} (${code}). Check that the disk has space and the directory is writable, ` +
      'or use another --state-dir. Changes not yet checkpointed stay in the journal.',
    path,
  );
}
