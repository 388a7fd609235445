// Opening a sync's store: writable (takes the lock) or a read-only snapshot.
import type { SyncStore } from './types';

export interface OpenSyncStoreOptions {
  stateDir: string;
  syncName: string;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** Checkpoint the journal into SQLite every N processed issues (default 250). */
  checkpointEvery?: number;
}

/**
 * Opens a sync's store for writing: takes the sync's lock (`LockHeldError` when a live process holds it;
 * a lock left by a dead process is taken over), reads the database (`StoreCorruptedError` when it is not
 * SQLite; never replaced), migrates it, and replays the journal written since the last checkpoint.
 * Creates the state directory and an empty database when there is none.
 */
export async function openSyncStore(_options: OpenSyncStoreOptions): Promise<SyncStore> {
  throw new Error('not implemented');
}

/**
 * Opens a read-only snapshot of a sync's store (database + journal), without the lock and without writing
 * anything. For `entries`, `status` and the extension's views.
 */
export async function readSyncStore(
  _options: Omit<OpenSyncStoreOptions, 'checkpointEvery'>,
): Promise<SyncStore> {
  throw new Error('not implemented');
}
