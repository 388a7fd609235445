// SIGKILL at random points of a writing process, several times over the same state: every issue reported
// done survives, the database always opens, and nothing is duplicated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { openSyncStore } from '../../server/src/store';
import { tempStateDir } from './store-fixtures';

/** Runs the child until it has reported `stopAfter` more issues, then SIGKILLs it; returns the last done. */
function runAndKill(stateDir: string, first: number, stopAfter: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'store-kill-child.ts'), stateDir, String(first)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let lastDone = first - 1;
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^done (\d+)$/.exec(line);
        if (match) lastDone = Number(match[1]);
        if (lastDone >= first - 1 + stopAfter && child.exitCode === null) child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(lastDone);
      else reject(new Error(`child exited ${code}: ${stderr}`));
    });
  });
}

test(
  'a writer killed with SIGKILL at random points, 5 times, loses no issue it finished',
  { timeout: 300_000 },
  async (t) => {
    const { dir, cleanup } = tempStateDir();
    t.after(cleanup);
    let next = 1;
    for (let round = 0; round < 5; round++) {
      const lastDone = await runAndKill(dir, next, 5 + Math.floor(Math.random() * 40));
      const store = await openSyncStore({ stateDir: dir, syncName: 'killed' });
      const links = store.listLinks();
      // The child may have finished a few more issues between its last report and the kill.
      assert.ok(links.length >= lastDone, `round ${round}: ${links.length} links, ${lastDone} reported done`);
      for (let n = 1; n <= lastDone; n++) {
        const link = store.getLink(String(10000 + n));
        assert.equal(link?.targetKey, `ENG-${n}`, `round ${round}: issue ${n}`);
        assert.equal(link?.payloadHash, `hash-${n}`, `round ${round}: issue ${n}`);
      }
      const entries = store.listEntries();
      assert.equal(
        new Set(entries.map((e) => e.sourceIssueId)).size,
        entries.length,
        'one entry per failing issue',
      );
      assert.ok(entries.length >= Math.floor(lastDone / 5));
      // Intents left unfinished are at most the issue in flight, and never one that was done.
      for (const intent of store.unfinishedCreateIntents())
        assert.ok(Number(intent.sourceIssueId) - 10000 > lastDone);
      next = links.length + 1;
      await store.close();
    }
  },
);
