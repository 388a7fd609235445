// Shared fixtures of the store tests: temporary state directories, a settable clock, sample failures, and
// the raw bytes of every file in a directory (privacy is tested on the bytes that were written).
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntryInput } from '../../server/src/store';

/** A fresh state directory, removed by the returned cleanup. */
export function tempStateDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'backbone-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A clock the test moves by hand. */
export function testClock(start = '2026-01-15T10:00:00.000Z'): {
  now: () => Date;
  advanceDays: (days: number) => void;
} {
  let time = Date.parse(start);
  return {
    now: () => new Date(time),
    advanceDays: (days) => {
      time += days * 24 * 60 * 60 * 1000;
    },
  };
}

/** A user-field failure of one source issue, with a pending change that references an account. */
export function userFailure(overrides: Partial<EntryInput> = {}): EntryInput {
  return {
    sourceIssueId: '10001',
    sourceKey: 'SUP-1',
    targetIssueId: '20001',
    targetKey: 'ENG-1',
    operation: 'edit',
    fieldId: 'assignee',
    category: 'user-not-found',
    message:
      "The source assignee has no account on the target site. Map users by email, or set 'fallbackUser'.",
    jiraStatus: 400,
    jiraErrorKeys: ['assignee'],
    configLine: 12,
    pendingChange: {
      sourceIssueId: '10001',
      operation: 'edit',
      fieldIds: ['assignee'],
      accountIds: ['557058:0a1b2c3d-aaaa-4bbb-8ccc-5d6e7f809102'],
    },
    ...overrides,
  };
}

/** Every file under `dir`, path → bytes. */
export function filesUnder(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) for (const [p, b] of filesUnder(path)) out.set(p, b);
    else out.set(path, readFileSync(path));
  }
  return out;
}

/** The files under `dir` whose bytes contain `needle` (as UTF-8, or as UTF-16LE for good measure). */
export function filesContaining(dir: string, needle: string): string[] {
  const utf8 = Buffer.from(needle, 'utf8');
  const utf16 = Buffer.from(needle, 'utf16le');
  return [...filesUnder(dir)]
    .filter(([, bytes]) => bytes.includes(utf8) || bytes.includes(utf16))
    .map(([path]) => path);
}
