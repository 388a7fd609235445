// Store bench: what the journal + periodic checkpoint cost for 5,000 and 50,000 issues, against the naive
// "rewrite the whole database per issue" that sql.js would otherwise need.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSyncStore, syncPaths } from '../../server/src/store';
import type { SyncStore } from '../../server/src/store';

const CONCURRENCY = 8;
const CHECKPOINT_EVERY = 250;

async function oneIssue(store: SyncStore, n: number): Promise<void> {
  const sourceIssueId = String(100000 + n);
  await store.recordCreateIntent({ sourceIssueId, sourceKey: `SUP-${n}` });
  store.recordLink({
    sourceIssueId,
    sourceKey: `SUP-${n}`,
    targetIssueId: String(500000 + n),
    targetKey: `ENG-${n}`,
    payloadHash: `${n.toString(16).padStart(8, '0')}${'ab'.repeat(28)}`,
  });
  store.recordCommentLink({
    sourceIssueId,
    sourceCommentId: String(900000 + n),
    targetCommentId: String(700000 + n),
  });
  if (n % 20 === 0) {
    store.recordFailure({
      sourceIssueId,
      sourceKey: `SUP-${n}`,
      targetIssueId: String(500000 + n),
      targetKey: `ENG-${n}`,
      operation: 'edit',
      fieldId: 'assignee',
      category: 'user-not-found',
      message: 'The source assignee has no account on the target site.',
      pendingChange: {
        sourceIssueId,
        operation: 'edit',
        fieldIds: ['assignee'],
        accountIds: [`557058:${n}-acc`],
      },
    });
  }
  await store.markIssueProcessed();
}

async function measure(issues: number) {
  const dir = mkdtempSync(join(tmpdir(), 'store-bench-'));
  try {
    const store = await openSyncStore({
      stateDir: dir,
      syncName: 'bench',
      checkpointEvery: CHECKPOINT_EVERY,
    });
    let t = performance.now();
    const cpuBefore = process.cpuUsage();
    // Issues in flight together, as the engine runs them.
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < issues) await oneIssue(store, next++);
      }),
    );
    const syncMs = performance.now() - t;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    await store.checkpoint();
    store.recordLink({ sourceIssueId: '1', sourceKey: 'SUP-0', targetIssueId: '2', targetKey: 'ENG-0' });
    t = performance.now();
    await store.checkpoint();
    const checkpointMs = performance.now() - t;
    await store.close();
    const bytes = statSync(syncPaths(dir, 'bench').database).size;
    t = performance.now();
    const reopened = await openSyncStore({ stateDir: dir, syncName: 'bench' });
    const openMs = performance.now() - t;
    t = performance.now();
    reopened.eraseAccount('557058:20-acc');
    const eraseMs = performance.now() - t;
    await reopened.close();
    return { issues, syncMs, cpuMs, checkpointMs, bytes, openMs, eraseMs, rss: process.memoryUsage().rss };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function storeBench(): Promise<string> {
  const rows: string[] = [];
  for (const issues of (process.env.BENCH_SIZES ?? '5000,50000').split(',').map(Number)) {
    const r = await measure(issues);
    const naiveMs = r.checkpointMs * issues;
    rows.push(
      `| ${issues.toLocaleString('en')} | ${(r.syncMs / 1000).toFixed(2)} s | ${((r.syncMs / issues) * 1000).toFixed(0)} µs | ` +
        `${((r.cpuMs / issues) * 1000).toFixed(0)} µs | ` +
        `${r.checkpointMs.toFixed(0)} ms | ${(r.bytes / 2 ** 20).toFixed(1)} MiB | ${r.openMs.toFixed(0)} ms | ` +
        `${r.eraseMs.toFixed(0)} ms | ${(naiveMs / 1000).toFixed(0)} s (${(naiveMs / r.syncMs).toFixed(0)}×) | ` +
        `${(r.rss / 2 ** 20).toFixed(0)} MB |`,
    );
  }
  return [
    '## Store: journal and checkpoints',
    '',
    `Per issue: an fsynced create intent, a link with its payload hash, a comment link, every 20th issue a`,
    `troubleshooting entry with a pending change; ${CONCURRENCY} issues in flight; a checkpoint every ${CHECKPOINT_EVERY} issues.`,
    '"Checkpoint" is one full durable rewrite of the database (export, temp file, fsync, rename) at that size;',
    '"naive" is what rewriting the file after every issue would cost instead. CPU per issue is what the store',
    'takes from the event loop (user + system time); wall time also includes waiting for fsyncs, which overlap',
    "with the engine's HTTP requests.",
    '',
    '| issues | store wall time | wall per issue | CPU per issue | one checkpoint | file size | open (read, check, migrate) | erase-account (VACUUM) | naive per-issue rewrite | RSS |',
    '| -----: | --------------: | -------------: | ------------: | -------------: | --------: | --------------------------: | ---------------------: | ----------------------: | --: |',
    ...rows,
  ].join('\n');
}
