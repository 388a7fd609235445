// The snapshot watch on its own, in both modes (a watched tree, and per-sync folders): a snapshot written in a
// sync folder that did not exist when watching started triggers one debounced re-validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMetadataWatch } from '../../server/src/lsp/metadata-watch';

/** Resolves on the next re-validation, or rejects after a generous timeout. */
function watchFor(stateDir: string, recursive: boolean) {
  let resolveNext: (() => void) | undefined;
  let count = 0;
  const watch = createMetadataWatch({
    stateDir: () => stateDir,
    revalidate: () => {
      count++;
      resolveNext?.();
    },
    debounceMs: 20,
    recursive,
  });
  const next = (what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no re-validation after ${what}`)), 20_000);
      resolveNext = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  return { watch, next, count: () => count };
}

for (const recursive of [true, false]) {
  test(`${recursive ? 'tree' : 'per-folder'} watch: the metadata folder, a new sync folder and a rewritten snapshot each re-validate`, async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'backbone-watch-'));
    const { watch, next } = watchFor(stateDir, recursive);
    try {
      watch.refresh();
      const syncDir = join(stateDir, 'metadata', 'support-to-partner');
      let waiting = next('the sync folder appeared');
      mkdirSync(syncDir, { recursive: true });
      await waiting;
      waiting = next('the snapshot was written');
      writeFileSync(join(syncDir, 'partner.json'), '{}');
      await waiting;
      waiting = next('the snapshot was rewritten');
      writeFileSync(join(syncDir, 'partner.json'), '{"version":1}');
      await waiting;
    } finally {
      watch.dispose();
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
}

test('refresh with an unchanged state directory keeps the watchers; dispose stops re-validating', async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'backbone-watch-'));
  mkdirSync(join(stateDir, 'metadata', 'a'), { recursive: true });
  const { watch, next, count } = watchFor(stateDir, false);
  try {
    watch.refresh();
    watch.refresh();
    const waiting = next('a write');
    writeFileSync(join(stateDir, 'metadata', 'a', 's.json'), '{}');
    await waiting;
    watch.dispose();
    const before = count();
    writeFileSync(join(stateDir, 'metadata', 'a', 's.json'), '{"x":1}');
    // Nothing to wait for after dispose: a later event would only show as a changed count below.
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(count(), before);
  } finally {
    watch.dispose();
    rmSync(stateDir, { recursive: true, force: true });
  }
});
