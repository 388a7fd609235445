// The sync's journal: an append-only NDJSON file that takes every write between two checkpoints. Records are
// buffered and written (one write(2)) when an issue is done or a create intent must be durable, then fsynced
// (group commit: callers waiting together share one fsync). A killed process loses at most the records of
// issues it had not finished; those are exported and mapped again on the next run.
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
  private buffered: string[] = [];

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
    // Lines left by an earlier process count until the next checkpoint empties the file.
    this.linesSinceTruncate = fstatSync(this.fd).size > 0 ? 1 : 0;
  }

  /** Appends one record to the buffer (written by `flush`, made durable by `sync`). */
  append(record: JournalRecord): void {
    this.openFd();
    this.buffered.push(`${JSON.stringify(record)}\n`);
  }

  /** Writes the buffered records to the file in one write (survives a killed process, not a power loss). */
  flush(): void {
    if (this.buffered.length === 0) return;
    const fd = this.openFd();
    const bytes = Buffer.from(this.buffered.join(''), 'utf8');
    this.linesSinceTruncate += this.buffered.length;
    this.buffered = [];
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  }

  /**
   * Resolves once every record appended before this call is on disk. Group commit: a call that arrives while
   * an fsync is in flight joins the next one (queued behind it, started once it ends), which covers its line;
   * never the one in flight, which may have started before the line was written.
   */
  sync(): Promise<void> {
    this.flush();
    this.nextSync ??= this.fsyncAfter(this.inFlight);
    return this.nextSync;
  }

  private async fsyncAfter(previous: Promise<void> | undefined): Promise<void> {
    // Always yields first, so `nextSync` is assigned before it is cleared below (even with nothing in flight).
    await previous?.catch(() => undefined);
    // From here on, lines written after this fsync starts need the next one.
    this.nextSync = undefined;
    const fd = this.openFd();
    const running = new Promise<void>((resolve, reject) =>
      fsync(fd, (error) => (error ? reject(error) : resolve())),
    );
    this.inFlight = running;
    try {
      await running;
    } finally {
      if (this.inFlight === running) this.inFlight = undefined;
    }
  }

  /** Empties the journal (and drops the buffer) once its records are in the database file. */
  truncate(): void {
    this.buffered = [];
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
