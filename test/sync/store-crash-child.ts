// Child process of the store crash test: writes a sync's state, then kills itself with SIGKILL before any
// checkpoint, exactly as a crash mid-run would. Usage: node --import tsx store-crash-child.ts STATE_DIR
import { openSyncStore } from '../../server/src/store';

const stateDir = process.argv[2] ?? '';
const store = await openSyncStore({ stateDir, syncName: 'crashy', checkpointEvery: 1_000_000 });
const runId = store.startRun({ dryRun: false });
for (let i = 1; i <= 50; i++) {
  await store.recordCreateIntent({ sourceIssueId: String(10000 + i), sourceKey: `SUP-${i}` });
  store.recordLink({
    sourceIssueId: String(10000 + i),
    sourceKey: `SUP-${i}`,
    targetIssueId: String(20000 + i),
    targetKey: `ENG-${i}`,
    payloadHash: `h${i}`,
  });
  await store.markIssueProcessed();
}
// The create of SUP-51 was sent but its answer never recorded.
await store.recordCreateIntent({ sourceIssueId: '10051', sourceKey: 'SUP-51' });
store.recordFailure({
  sourceIssueId: '10007',
  sourceKey: 'SUP-7',
  targetIssueId: '20007',
  targetKey: 'ENG-7',
  operation: 'transition',
  fieldId: 'status',
  category: 'invalid-transition',
  message: "No transition of ENG / Bug reaches 'Done' from 'Open'. Add one, or map the status differently.",
});
await store.markIssueProcessed();
process.stdout.write(`wrote run ${runId}\n`);
process.kill(process.pid, 'SIGKILL');
