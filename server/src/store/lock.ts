// The sync's lock: one writer per sync at a time (a second run of the same sync exits 3 naming the holder).
// The lock file holds the holder's pid and start time; it is created atomically (hard link of a complete
// temp file, so nobody ever reads a half-written lock), and a lock whose process is gone is taken over.
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { LockHeldError } from './errors';

interface LockContent {
  pid: number;
  startedAt: string;
  token: string;
}

export interface LockHandle {
  readonly path: string;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

/** Takes the lock of `syncName` at `lockPath`, or throws `LockHeldError` naming the live holder's pid. */
export function acquireLock(lockPath: string, syncName: string, now: Date): LockHandle {
  mkdirSync(dirname(lockPath), { recursive: true });
  const mine: LockContent = { pid: process.pid, startedAt: now.toISOString(), token: randomUUID() };
  const text = `${JSON.stringify(mine)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(lockPath, text)) return handle(lockPath, mine.token);
    const holder = readLock(lockPath);
    if (holder === 'missing') continue; // released between our create and our read: try again
    if (holder !== 'unreadable' && isAlive(holder.pid) && !startedAfter(holder.pid, holder.startedAt)) {
      throw new LockHeldError(syncName, lockPath, holder.pid, holder.startedAt);
    }
    takeOverStale(lockPath, syncName, holder);
  }
  const holder = readLock(lockPath);
  throw new LockHeldError(syncName, lockPath, typeof holder === 'object' ? holder.pid : 0, null);
}

/** The live holder of a lock, or null when the lock is free or stale (for `status`). */
export function lockHolder(lockPath: string): { pid: number; startedAt: string } | null {
  const holder = readLock(lockPath);
  if (typeof holder !== 'object' || !isAlive(holder.pid) || startedAfter(holder.pid, holder.startedAt))
    return null;
  return { pid: holder.pid, startedAt: holder.startedAt };
}

function handle(path: string, token: string): LockHandle {
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      const holder = readLock(path);
      if (typeof holder === 'object' && holder.token === token) unlinkQuietly(path);
    },
  };
}

/** Creates the lock file with its whole content, atomically; false when it exists already. */
function tryCreate(lockPath: string, text: string): boolean {
  const temp = `${lockPath}.${process.pid}.${randomUUID()}.tmp`;
  writeFileDurably(temp, text);
  try {
    linkSync(temp, lockPath);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    // A file system without hard links: fall back to an exclusive create.
    return createExclusive(lockPath, text);
  } finally {
    unlinkQuietly(temp);
  }
}

function createExclusive(lockPath: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx');
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Moves the stale lock aside under a unique name (atomic, so two processes taking over the same stale lock
 * cannot delete each other's fresh one), checks it is the one judged stale, and deletes it.
 */
function takeOverStale(lockPath: string, syncName: string, judged: LockContent | 'unreadable'): void {
  const aside = `${lockPath}.${process.pid}.${randomUUID()}.stale`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  const moved = readLock(aside);
  const same =
    judged === 'unreadable'
      ? moved === 'unreadable'
      : typeof moved === 'object' && moved.token === judged.token;
  if (!same && typeof moved === 'object' && isAlive(moved.pid)) {
    // We moved someone's fresh lock: put it back and yield to it.
    try {
      linkSync(aside, lockPath);
    } catch {
      // Someone else took the lock meanwhile; they hold it now.
    }
    unlinkQuietly(aside);
    throw new LockHeldError(syncName, lockPath, moved.pid, moved.startedAt);
  }
  unlinkQuietly(aside);
}

function readLock(path: string): LockContent | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return errorCode(error) === 'ENOENT' ? 'missing' : 'unreadable';
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockContent>;
    if (typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0) {
      return {
        pid: parsed.pid,
        startedAt: typeof parsed.startedAt === 'string' ? parsed.startedAt : '',
        token: typeof parsed.token === 'string' ? parsed.token : '',
      };
    }
  } catch {
    // fall through: not a lock we wrote
  }
  return 'unreadable';
}

/** Whether a process with this pid exists (EPERM: it exists but belongs to another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) !== 'ESRCH';
  }
}

/**
 * Whether the process now holding `pid` started well after the lock was written: then the pid was reused
 * (typically after a reboot) and the lock is stale. Linux only (/proc); elsewhere we cannot tell: false.
 */
function startedAfter(pid: number, lockStartedAt: string): boolean {
  const lockTime = Date.parse(lockStartedAt);
  if (process.platform !== 'linux' || Number.isNaN(lockTime)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses); starttime is field 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTicks = Number(fields[19]);
    const bootLine = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (!bootLine?.[1] || !Number.isFinite(startTicks)) return false;
    const ticksPerSecond = 100; // USER_HZ: 100 on every Linux architecture Node supports
    const processStart = (Number(bootLine[1]) + startTicks / ticksPerSecond) * 1000;
    return processStart > lockTime + 60_000;
  } catch {
    return false;
  }
}

function writeFileDurably(path: string, text: string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}
