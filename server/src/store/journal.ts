// The sync's journal: an append-only NDJSON file that takes every write between two checkpoints. A line is
// written (write(2)) before the change is applied in memory, so a killed process loses nothing; create
// intents are also fsynced before the create request (group commit: concurrent callers share one fsync).
import {
  closeSync,
  fstatSync,
  fsync,
  ftruncateSync,
  fsyncSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { errorCode } from './database-file';
import type { JournalRecord } from './records';

export class Journal {
  private fd: number | undefined;
  /** The fsync every caller arriving now will share; it starts after the one in flight. */
  private nextSync: Promise<void> | undefined;
  private inFlight: Promise<void> | undefined;
  private linesSinceTruncate = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
    // Lines left by an earlier process count until the next checkpoint empties the file.
    this.linesSinceTruncate = fstatSync(this.fd).size > 0 ? 1 : 0;
  }

  /** Appends one record (not yet fsynced: see `sync`). */
  append(record: JournalRecord): void {
    const fd = this.openFd();
    const bytes = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    this.linesSinceTruncate++;
  }

  /** Resolves once every line appended before this call is on disk. */
  sync(): Promise<void> {
    this.nextSync ??= (async () => {
      if (this.inFlight) await this.inFlight;
      this.nextSync = undefined;
      const fd = this.openFd();
      this.inFlight = new Promise<void>((resolve, reject) =>
        fsync(fd, (error) => (error ? reject(error) : resolve())),
      );
      try {
        await this.inFlight;
      } finally {
        this.inFlight = undefined;
      }
    })();
    return this.nextSync;
  }

  /** Empties the journal once its lines are in the database file. */
  truncate(): void {
    if (this.linesSinceTruncate === 0) return;
    const fd = this.openFd();
    ftruncateSync(fd, 0);
    fsyncSync(fd);
    this.linesSinceTruncate = 0;
  }

  /** Waits for fsyncs in flight, closes the file and deletes it when it is empty. */
  async close(): Promise<void> {
    if (this.fd === undefined) return;
    await (this.nextSync ?? this.inFlight)?.catch(() => undefined);
    const empty = this.linesSinceTruncate === 0;
    closeSync(this.fd);
    this.fd = undefined;
    if (empty) {
      try {
        unlinkSync(this.path);
      } catch {
        // already gone
      }
    }
  }

  private openFd(): number {
    if (this.fd === undefined) throw new Error(`journal ${this.path} is closed`);
    return this.fd;
  }
}

/**
 * The records of a journal file, in order. A line that does not parse (the torn last line of a crash in
 * the middle of an append) is skipped; so is a missing file.
 */
export function readJournal(path: string): JournalRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw error;
  }
  const records: JournalRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const record = JSON.parse(line) as JournalRecord;
      if (typeof record === 'object' && record !== null && typeof record.seq === 'number')
        records.push(record);
    } catch {
      // torn line
    }
  }
  return records;
}
