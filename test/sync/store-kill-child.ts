// Child process of the store kill test: records issues forever (a link, a hash, every 5th issue a failure),
// checkpointing often, and prints `done N` once issue N is marked processed. The test kills it at random.
// Usage: node --import tsx store-kill-child.ts STATE_DIR FIRST_ISSUE
import { openSyncStore } from '../../server/src/store';

const stateDir = process.argv[2] ?? '';
let n = Number(process.argv[3] ?? '1');
const store = await openSyncStore({
  stateDir,
  syncName: 'killed',
  checkpointEvery: 7,
  maxCheckpointShare: 1,
});
process.stdout.write(`open ${store.linkCount()}\n`);
for (;;) {
  const sourceIssueId = String(10000 + n);
  await store.recordCreateIntent({ sourceIssueId, sourceKey: `SUP-${n}` });
  store.recordLink({
    sourceIssueId,
    sourceKey: `SUP-${n}`,
    targetIssueId: String(20000 + n),
    targetKey: `ENG-${n}`,
  });
  store.setPayloadHash(sourceIssueId, `hash-${n}`);
  if (n % 5 === 0) {
    store.recordFailure({
      sourceIssueId,
      sourceKey: `SUP-${n}`,
      operation: 'edit',
      fieldId: 'priority',
      category: 'validation',
      message: 'The target rejected the priority value. Map priorities with correlate.',
    });
  }
  await store.markIssueProcessed();
  process.stdout.write(`done ${n}\n`);
  n++;
}
