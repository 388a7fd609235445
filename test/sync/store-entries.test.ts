// Troubleshooting entries in the store: upsert, states, pending changes as references, retention, erase,
// and privacy checked on the raw bytes of every file in the state directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eraseAccount, openSyncStore, readSyncStore, StoreError } from '../../server/src/store';
import { filesContaining, tempStateDir, testClock, userFailure } from './store-fixtures';

const ACCOUNT = '712020:feedface-dead-4eef-8afe-0123456789ab';

test('the same failure while open bumps attempts and last seen instead of opening a second entry', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const clock = testClock();
  const store = await openSyncStore({ stateDir: dir, syncName: 'demo', now: clock.now });
  const first = store.recordFailure(userFailure());
  assert.equal(first.isNew, true);
  assert.equal(first.entry.id, 'demo:1');
  assert.equal(first.entry.helpUrl, 'docs/troubleshooting.md#user-not-found');
  assert.equal(first.entry.configLine, 12);
  assert.equal(first.entry.state, 'open');
  clock.advanceDays(1);
  const second = store.recordFailure(userFailure({ jiraStatus: 403 }));
  assert.equal(second.isNew, false);
  assert.equal(second.entry.id, 'demo:1');
  assert.equal(second.entry.attempts, 2);
  assert.equal(second.entry.firstSeen, first.entry.firstSeen);
  assert.equal(second.entry.lastSeen, clock.now().toISOString());
  assert.equal(second.entry.jiraStatus, 403);
  // Another field, or another category, is another entry.
  assert.equal(store.recordFailure(userFailure({ fieldId: 'reporter' })).entry.id, 'demo:2');
  assert.equal(store.recordFailure(userFailure({ category: 'permission-denied' })).entry.id, 'demo:3');
  assert.equal(store.listEntries().length, 3);
  await store.close();
});

test('entry ids are <sync>:<number>, unique across the state directory and never reused after a purge', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const clock = testClock();
  const a = await openSyncStore({ stateDir: dir, syncName: 'support-to-eng', now: clock.now });
  const b = await openSyncStore({ stateDir: dir, syncName: 'support-to-partner', now: clock.now });
  const idA = a.recordFailure(userFailure()).entry.id;
  const idB = b.recordFailure(userFailure()).entry.id;
  assert.equal(idA, 'support-to-eng:1');
  assert.equal(idB, 'support-to-partner:1');
  assert.equal(a.getEntry(idB), undefined, 'a store does not answer for another sync');
  a.ignoreEntry(idA);
  clock.advanceDays(31);
  assert.equal(a.purgeExpired(30), 1);
  assert.equal(a.getEntry(idA), undefined);
  assert.equal(a.recordFailure(userFailure()).entry.id, 'support-to-eng:2');
  await a.close();
  await b.close();
});

test('resolving or ignoring deletes the pending change; reopen and markAttempt serve retry', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const store = await openSyncStore({ stateDir: dir, syncName: 'demo' });
  const { entry } = store.recordFailure(userFailure());
  assert.deepEqual(entry.pendingChange, {
    sourceIssueId: '10001',
    operation: 'edit',
    fieldIds: ['assignee'],
    accountIds: ['557058:0a1b2c3d-aaaa-4bbb-8ccc-5d6e7f809102'],
  });
  assert.equal(store.hasOpenEntry('10001'), true);
  assert.equal(store.openEntriesFor('10001').length, 1);
  assert.equal(store.hasOpenEntry('10002'), false);

  const attempted = store.markAttempt(entry.id);
  assert.equal(attempted.attempts, 2);

  const ignored = store.ignoreEntry(entry.id);
  assert.equal(ignored.state, 'ignored');
  assert.equal(ignored.pendingChange, null);
  assert.ok(ignored.resolvedAt);
  assert.equal(store.hasOpenEntry('10001'), false);
  assert.deepEqual(store.listEntries(), []);
  assert.equal(store.listEntries({ state: 'ignored' }).length, 1);

  const reopened = store.reopenEntry(entry.id, {
    sourceIssueId: '10001',
    operation: 'edit',
    fieldIds: ['assignee'],
    accountIds: [],
  });
  assert.equal(reopened.state, 'open');
  assert.equal(reopened.resolvedAt, null);
  assert.deepEqual(reopened.pendingChange?.fieldIds, ['assignee']);

  const resolved = store.resolveOpenEntriesFor('10001');
  assert.deepEqual(
    resolved.map((e) => [e.id, e.state, e.pendingChange]),
    [[entry.id, 'resolved', null]],
  );
  assert.throws(() => store.ignoreEntry('demo:99'), { code: 'unknown-entry' });
  assert.throws(() => store.ignoreEntry('not an id'), { code: 'invalid-entry-id' });
  await store.close();
});

test('closing an entry also removes its account IDs from its message: a closed entry no longer needs them', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const store = await openSyncStore({ stateDir: dir, syncName: 'demo' });
  const { entry } = store.recordFailure(
    userFailure({
      message: `The source assignee (account ID ${ACCOUNT}) has no account on the target site.`,
      pendingChange: {
        sourceIssueId: '10001',
        operation: 'edit',
        fieldIds: ['assignee'],
        accountIds: [ACCOUNT],
      },
    }),
  );
  assert.ok(store.getEntry(entry.id)?.message.includes(ACCOUNT), 'kept while the entry is open');
  const resolved = store.resolveEntry(entry.id);
  assert.equal(
    resolved.message,
    'The source assignee (account ID [erased account]) has no account on the target site.',
  );
  await store.close();
  assert.deepEqual(filesContaining(dir, ACCOUNT), []);
});

test('entries are purged retentionDays after they were resolved or ignored, never while open', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const clock = testClock();
  const store = await openSyncStore({ stateDir: dir, syncName: 'demo', now: clock.now });
  const open = store.recordFailure(userFailure()).entry;
  const ignored = store.recordFailure(userFailure({ fieldId: 'reporter' })).entry;
  store.ignoreEntry(ignored.id);
  clock.advanceDays(29);
  assert.equal(store.purgeExpired(30), 0);
  clock.advanceDays(2);
  assert.equal(store.purgeExpired(30), 1);
  assert.deepEqual(
    store.listEntries({ state: 'all' }).map((e) => e.id),
    [open.id],
  );
  await store.close();
});

test('secure delete: an ignored and purged entry leaves no byte of its account ID in any file', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const clock = testClock();
  const store = await openSyncStore({ stateDir: dir, syncName: 'demo', now: clock.now });
  for (let n = 1; n <= 30; n++) {
    store.recordLink({
      sourceIssueId: String(10000 + n),
      sourceKey: `SUP-${n}`,
      targetIssueId: String(20000 + n),
      targetKey: `ENG-${n}`,
    });
  }
  const { entry } = store.recordFailure(
    userFailure({
      pendingChange: {
        sourceIssueId: '10001',
        operation: 'edit',
        fieldIds: ['assignee'],
        accountIds: [ACCOUNT],
      },
    }),
  );
  await store.markIssueProcessed();
  assert.ok(filesContaining(dir, ACCOUNT).length > 0, 'the journal holds it before a checkpoint');
  await store.checkpoint();
  assert.ok(filesContaining(dir, ACCOUNT).length > 0, 'the database holds it while the entry needs it');

  store.ignoreEntry(entry.id);
  await store.checkpoint();
  assert.deepEqual(filesContaining(dir, ACCOUNT), [], 'gone as soon as the pending change is deleted');

  clock.advanceDays(31);
  assert.equal(store.purgeExpired(30), 1);
  await store.close();
  assert.deepEqual(filesContaining(dir, ACCOUNT), []);
  assert.deepEqual(filesContaining(dir, 'SUP-1"'), [], 'the journal is emptied, not left with old lines');
});

test('eraseAccount removes every reference to an account in every sync, VACUUMs, and keeps the entries', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  for (const syncName of ['alpha', 'beta']) {
    const store = await openSyncStore({ stateDir: dir, syncName });
    store.recordFailure(
      userFailure({
        message: `Account ${ACCOUNT} has no access to the target project. Grant it, or set 'fallbackUser'.`,
        pendingChange: {
          sourceIssueId: '10001',
          operation: 'watchers',
          fieldIds: ['watches'],
          accountIds: [ACCOUNT, '5b10ac8d82e05b22cc7d4ef5'],
        },
      }),
    );
    await store.close();
  }
  assert.equal(filesContaining(dir, ACCOUNT).length, 2);

  const found: string[] = [];
  const result = await eraseAccount({
    stateDir: dir,
    accountId: ACCOUNT,
    findTargetIssues: async ({ accountId, sync }) => {
      found.push(`${sync.name}:${accountId}`);
      return [{ issueId: '20001', key: 'ENG-1', fieldIds: ['assignee'] }];
    },
  });
  assert.deepEqual(
    result.syncs.map((s) => [s.name, s.removed, s.targetIssues?.length, s.error]),
    [
      ['alpha', { pendingChangeReferences: 1, entryMessages: 1 }, 1, null],
      ['beta', { pendingChangeReferences: 1, entryMessages: 1 }, 1, null],
    ],
  );
  assert.deepEqual(found, [`alpha:${ACCOUNT}`, `beta:${ACCOUNT}`]);
  assert.deepEqual(filesContaining(dir, ACCOUNT), []);

  const store = await readSyncStore({ stateDir: dir, syncName: 'alpha' });
  const entry = store.listEntries()[0];
  assert.equal(entry?.state, 'open');
  assert.deepEqual(entry?.pendingChange?.accountIds, ['5b10ac8d82e05b22cc7d4ef5'], 'other accounts stay');
  assert.match(entry?.message ?? '', /\[erased account\]/);
  await store.close();
});

test('eraseAccount skips a locked sync with a lock-held error and erases the others', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const busy = await openSyncStore({ stateDir: dir, syncName: 'busy' });
  const idle = await openSyncStore({ stateDir: dir, syncName: 'idle' });
  idle.recordFailure(
    userFailure({
      pendingChange: {
        sourceIssueId: '10001',
        operation: 'edit',
        fieldIds: ['assignee'],
        accountIds: [ACCOUNT],
      },
    }),
  );
  await idle.close();
  await busy.checkpoint();
  const result = await eraseAccount({ stateDir: dir, accountId: ACCOUNT });
  assert.equal(result.syncs.find((s) => s.name === 'busy')?.error?.code, 'lock-held');
  assert.deepEqual(result.syncs.find((s) => s.name === 'idle')?.removed, {
    pendingChangeReferences: 1,
    entryMessages: 0,
  });
  await busy.close();
});

test('privacy: the store refuses emails, names and free text where it takes ids, and writes none of it', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const store = await openSyncStore({ stateDir: dir, syncName: 'demo' });
  const email = 'jane.doe@partner.example';
  const name = 'Jane Doe';
  const pending = (accountIds: string[]) => ({
    sourceIssueId: '10001',
    operation: 'edit',
    fieldIds: ['assignee'],
    accountIds,
  });
  const refusals: Array<[string, () => unknown]> = [
    ['email as account id', () => store.recordFailure(userFailure({ pendingChange: pending([email]) }))],
    [
      'display name as account id',
      () => store.recordFailure(userFailure({ pendingChange: pending([name]) })),
    ],
    [
      'one-word name as account id',
      () => store.recordFailure(userFailure({ pendingChange: pending(['Jane']) })),
    ],
    [
      'email in our message',
      () => store.recordFailure(userFailure({ message: `User ${email} was not found.` })),
    ],
    ['name as issue key', () => store.recordFailure(userFailure({ sourceKey: name }))],
    ['name as field id', () => store.recordFailure(userFailure({ fieldId: name }))],
    [
      'Jira text as error key',
      () => store.recordFailure(userFailure({ jiraErrorKeys: ["User 'Jane Doe' does not exist."] })),
    ],
    [
      'text as comment id',
      () => store.recordCommentLink({ sourceIssueId: '1', sourceCommentId: name, targetCommentId: '2' }),
    ],
    [
      'credentials in a site URL',
      () =>
        store.setSyncInfo({
          configPath: '/c.sync.yaml',
          sourceSiteUrl: 'https://jane:secret-token@a.example',
          targetSiteUrl: 'https://b.example',
        }),
    ],
  ];
  for (const [what, attempt] of refusals) {
    assert.throws(attempt, (error: unknown) => {
      assert.ok(error instanceof StoreError, what);
      assert.equal(error.code, 'invalid-input', what);
      assert.ok(
        !error.message.includes('Jane') && !error.message.includes('secret'),
        `${what}: message echoes the value`,
      );
      return true;
    });
  }
  assert.throws(() => store.eraseAccount(email), { code: 'invalid-input' });
  await store.close();
  for (const needle of ['jane', 'Jane', 'partner.example', 'secret-token']) {
    assert.deepEqual(filesContaining(dir, needle), [], needle);
  }
});

test('links, payload hashes, comment links and create intents round-trip', async (t) => {
  const { dir, cleanup } = tempStateDir();
  t.after(cleanup);
  const store = await openSyncStore({ stateDir: dir, syncName: 'demo' });
  await store.recordCreateIntent({ sourceIssueId: '10001', sourceKey: 'SUP-1' });
  await store.recordCreateIntent({ sourceIssueId: '10002', sourceKey: 'SUP-2' });
  assert.equal(store.unfinishedCreateIntents().length, 2);
  store.recordLink({
    sourceIssueId: '10001',
    sourceKey: 'SUP-1',
    targetIssueId: '20001',
    targetKey: 'ENG-1',
  });
  store.abandonCreateIntent('10002');
  assert.deepEqual(store.unfinishedCreateIntents(), []);
  assert.equal(store.getLink('10001')?.payloadHash, null);
  store.setPayloadHash('10001', 'sha256:abc');
  // Re-recording a link (a key changed after a move) keeps the hash unless a new one is given.
  store.recordLink({
    sourceIssueId: '10001',
    sourceKey: 'SUP-1',
    targetIssueId: '20001',
    targetKey: 'ENG-7',
  });
  assert.deepEqual(
    [store.getLink('10001')?.targetKey, store.getLink('10001')?.payloadHash],
    ['ENG-7', 'sha256:abc'],
  );
  store.recordCommentLink({ sourceIssueId: '10001', sourceCommentId: '30001', targetCommentId: '40001' });
  store.recordCommentLink({ sourceIssueId: '10001', sourceCommentId: '30002', targetCommentId: '40002' });
  assert.deepEqual(
    store.listCommentLinks('10001').map((c) => c.targetCommentId),
    ['40001', '40002'],
  );
  const runId = store.startRun({ dryRun: true });
  store.finishRun(runId, 'synced', {
    created: 1,
    updated: 2,
    unchanged: 3,
    failed: 0,
    entriesOpened: 0,
    entriesResolved: 0,
  });
  assert.deepEqual(
    [store.lastRun()?.outcome, store.lastRun()?.dryRun, store.lastRun()?.counts.unchanged],
    ['synced', true, 3],
  );
  await store.close();
});
