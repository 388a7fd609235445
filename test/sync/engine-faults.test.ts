// Faults injected by the emulator (429 bursts with Retry-After, 5% 500/503, connection resets before and after
// the write took effect, search index lag): the run completes, transient errors leave no open entries, and
// nothing is duplicated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSyncStore } from '../../server/src/store';
import { startHarness, fullConfig } from './helpers';

test(
  'with 429 bursts, 5% 5xx, resets and index lag the run completes with no open entries and no duplicates',
  { timeout: 300_000 },
  async () => {
    const h = await startHarness();
    try {
      const path = h.writeConfig(fullConfig('faulty'));
      h.emulator.setFaults({
        seed: 3,
        indexLagMs: 150,
        rules: [
          { kind: 'rate-limit', site: 'engineering', share: 0.04, retryAfterSeconds: 1 },
          { kind: 'status', status: 500, share: 0.025 },
          { kind: 'status', status: 503, share: 0.025 },
          { kind: 'reset', share: 0.02 },
          { kind: 'reset', share: 0.02, afterProcessing: true },
        ],
      });
      const result = await h.run(path, { indexLag: { settleMs: 300, maxSearches: 4 } });
      assert.equal(
        result.exitCode,
        0,
        `${result.message ?? ''} ${JSON.stringify(result.events.filter((e) => e.type === 'entry-opened'))}`,
      );
      const log = h.emulator.requests();
      assert.ok(
        log.some((r) => r.status === 429),
        'rate limits were injected',
      );
      assert.ok(
        log.some((r) => r.status >= 500),
        '5xx were injected',
      );

      const sources = h.emulator.issues('support');
      const targets = h.emulator
        .issues('engineering')
        .filter((i) => (i.properties['backbone.link'] as { sync?: string } | undefined)?.sync === 'faulty');
      const linked = new Set(
        targets.map((t) => (t.properties['backbone.link'] as { sourceIssueId: string }).sourceIssueId),
      );
      assert.equal(targets.length, sources.length, 'one target per source issue');
      assert.equal(linked.size, sources.length);
      const commentIds = targets.flatMap((t) =>
        t.comments.map(
          (c) => (c.properties['backbone.link'] as { sourceCommentId?: string } | undefined)?.sourceCommentId,
        ),
      );
      assert.equal(new Set(commentIds).size, commentIds.length, 'no comment posted twice');
      assert.equal(
        commentIds.length,
        sources.reduce((n, s) => n + s.comments.length, 0),
      );

      const store = await readSyncStore({ stateDir: h.stateDir, syncName: 'faulty' });
      try {
        assert.deepEqual(store.listEntries({ state: 'all' }), [], 'transient errors leave no entries');
        assert.equal(store.linkCount(), sources.length);
      } finally {
        await store.close();
      }
    } finally {
      await h.close();
    }
  },
);
