// Crash safety (DESIGN.md §6): the CLI killed with SIGKILL at random points of a run, then run again, leaves
// exactly one target issue per source issue and one target comment per source comment, with every link recorded.
// And a lost state directory: links are rebuilt from the target, nothing is duplicated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateSeed } from '../jira-emulator/index';
import { readSyncStore } from '../../server/src/store';
import { startHarness, sites, type Harness } from './helpers';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
/** 500 issues × 10 kills, as the issue asks (about 25 s here); BACKBONE_CRASH_ISSUES and _KILLS change it. */
const ISSUES = Number(process.env.BACKBONE_CRASH_ISSUES ?? 500);
const KILLS = Number(process.env.BACKBONE_CRASH_KILLS ?? 10);

const config = (name: string): string => `version: 1
name: ${name}
${sites()}personalData: { exchange: false }
issueTypes: { Bug: Bug, "Service Request": Task }
fields:
  summary: summary
  description: description
  priority: { target: priority, correlate: { Highest: P1, High: P2, Medium: P3, Low: P4 }, default: P3 }
  customfield_10041: { target: customfield_20012, default: "n/a" }
comments: { sync: true }
`;

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs the CLI; kills it with SIGKILL once `killAfter` issue events were seen (or lets it finish). */
function runCli(
  h: Harness,
  configPath: string,
  killAfter?: number,
): Promise<{ code: number | null; killed: boolean; synced: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [cli, 'run', configPath, '--state-dir', h.stateDir, '--events', 'ndjson', '--concurrency', '4'],
      {
        env: { PATH: process.env.PATH, ...h.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let buffer = '';
    let synced = 0;
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line.includes('"issue-synced"')) synced++;
        if (!killed && killAfter !== undefined && synced >= killAfter) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.stderr.on('data', () => {});
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, killed, synced }));
  });
}

async function assertNoDuplicates(h: Harness, name: string, sourceCount: number): Promise<void> {
  const targets = h.emulator
    .issues('engineering')
    .filter((i) => (i.properties['backbone.link'] as { sync?: string } | undefined)?.sync === name);
  const bySource = new Map<string, number>();
  for (const t of targets) {
    const id = (t.properties['backbone.link'] as { sourceIssueId: string }).sourceIssueId;
    bySource.set(id, (bySource.get(id) ?? 0) + 1);
  }
  assert.equal(bySource.size, sourceCount, 'one target issue per source issue');
  assert.deepEqual(
    [...bySource.values()].filter((n) => n !== 1),
    [],
    'no source issue has two target issues',
  );

  const sourceComments = new Set(h.emulator.issues('support').flatMap((i) => i.comments.map((c) => c.id)));
  const targetComments = new Map<string, number>();
  for (const t of targets) {
    for (const c of t.comments) {
      const sourceCommentId = (c.properties['backbone.link'] as { sourceCommentId?: string } | undefined)
        ?.sourceCommentId;
      if (sourceCommentId)
        targetComments.set(sourceCommentId, (targetComments.get(sourceCommentId) ?? 0) + 1);
    }
  }
  assert.equal(targetComments.size, sourceComments.size, 'one target comment per source comment');
  assert.deepEqual(
    [...targetComments.values()].filter((n) => n !== 1),
    [],
    'no comment was posted twice',
  );

  const store = await readSyncStore({ stateDir: h.stateDir, syncName: name });
  try {
    assert.equal(store.linkCount(), sourceCount, 'every link is recorded');
    for (const t of targets) {
      const link = store.getLink((t.properties['backbone.link'] as { sourceIssueId: string }).sourceIssueId);
      assert.equal(link?.targetIssueId, t.id);
    }
    assert.deepEqual(store.listEntries({ state: 'open' }), [], 'no entry is left open');
    assert.deepEqual(store.unfinishedCreateIntents(), []);
  } finally {
    await store.close();
  }
}

test(
  `SIGKILL at ${KILLS} random points of a ${ISSUES}-issue run, then a full run: no duplicate, no lost link`,
  { timeout: 600_000 },
  async (t) => {
    if (!existsSync(cli)) return t.skip('dist/cli.js is not built (npm test builds it)');
    const h = await startHarness(generateSeed({ issues: ISSUES, commentsPerIssue: 1 }));
    try {
      const path = h.writeConfig(config('crash'), 'crash.sync.yaml');
      const next = random(7);
      let lastSynced = 0;
      for (let kill = 0; kill < KILLS; kill++) {
        // Kill after a random number of issues of this run: early ones land in link rebuild and intent replay.
        const killAfter = 1 + Math.floor(next() * Math.max(2, ISSUES / KILLS));
        const result = await runCli(h, path, killAfter);
        lastSynced = result.synced;
        if (!result.killed) break; // finished before the kill point
      }
      const final = await runCli(h, path);
      assert.equal(
        final.code,
        0,
        `the run after the kills finishes cleanly (last killed run saw ${lastSynced} issues)`,
      );
      const sourceCount = h.emulator.issues('support').length;
      await assertNoDuplicates(h, 'crash', sourceCount);
    } finally {
      await h.close();
    }
  },
);

test(
  'a lost state directory: the next run rebuilds links from the target and duplicates nothing',
  { timeout: 300_000 },
  async () => {
    const h = await startHarness();
    try {
      const path = h.writeConfig(config('lost-state'), 'lost.sync.yaml');
      const first = await h.run(path);
      assert.equal(first.exitCode, 0, first.message);
      rmSync(h.stateDir, { recursive: true, force: true });
      // Index lag: creates of the last moment are not yet searchable; the rebuild waits for the index to settle.
      await h.emulator.setFaults({ indexLagMs: 200 });
      h.emulator.clearRequests();
      const second = await h.run(path, { indexLag: { settleMs: 400, maxSearches: 4 } });
      assert.equal(second.exitCode, 0, second.message);
      assert.equal(second.counts.created, 0);
      const creates = h.emulator
        .requests('engineering')
        .filter((r) => r.method === 'POST' && /\/issue$|\/comment$/.test(r.path));
      assert.deepEqual(creates, []);
      await assertNoDuplicates(h, 'lost-state', h.emulator.issues('support').length);
    } finally {
      await h.close();
    }
  },
);
