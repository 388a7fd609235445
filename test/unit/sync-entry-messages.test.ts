import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENTRY_CATEGORIES } from '../../server/src/protocol/events';
import { entryMessage } from '../../server/src/sync/entry-messages';
import { requiredTargetPermissions } from '../../server/src/sync/preflight';
import { parseRunArgs } from '../../server/src/cli/run-args';
import { SiteLimiter } from '../../server/src/jira/limiter';
import type { SyncConfig } from '../../server/src/config/model';

test('every category has a message that names the status and error keys and says what to do', () => {
  for (const category of ENTRY_CATEGORIES) {
    const message = entryMessage({
      category,
      operation: 'create',
      field: 'customfield_10010',
      status: 400,
      errorKeys: ['customfield_10010'],
      project: 'ENG',
      issueType: 'Bug',
      targetKey: null,
      fromStatus: 'To Do',
      toStatus: 'Blocked',
      accountIds: ['acc-1'],
    });
    assert.match(message, /HTTP 400/, category);
    assert.match(message, /customfield_10010/, category);
    assert.match(
      message,
      /\. (Add|Map|Fill|Change|Give|Grant|Retry|Check|Run) [^]*\.$/,
      `${category}: ends with what to do`,
    );
  }
});

test('the permissions a config needs follow its mappings', () => {
  const config: SyncConfig = {
    version: 1,
    name: 'p',
    sites: { a: { url: 'https://a.example' } },
    source: { site: 'a', project: 'SUP' },
    target: { site: 'a', project: 'ENG' },
    fields: { summary: 'summary' },
  };
  assert.deepEqual(
    requiredTargetPermissions(config).map((p) => p.key),
    ['BROWSE_PROJECTS', 'CREATE_ISSUES', 'EDIT_ISSUES'],
  );
  const full = {
    ...config,
    fields: { summary: 'summary', assignee: 'assignee', watchers: 'watchers' },
    statuses: { Open: 'To Do' },
    comments: { sync: true },
  };
  assert.deepEqual(
    requiredTargetPermissions(full).map((p) => p.key),
    [
      'BROWSE_PROJECTS',
      'CREATE_ISSUES',
      'EDIT_ISSUES',
      'TRANSITION_ISSUES',
      'ADD_COMMENTS',
      'MANAGE_WATCHERS',
      'ASSIGN_ISSUES',
    ],
  );
});

test('run arguments: flags, values and usage errors', () => {
  assert.deepEqual(
    parseRunArgs(['a.sync.yaml', '--dry-run', '--state-dir', '/s', '--events', 'ndjson', '--concurrency=4']),
    {
      ok: true,
      configPath: 'a.sync.yaml',
      dryRun: true,
      events: true,
      stateDir: '/s',
      concurrency: 4,
    },
  );
  assert.equal(parseRunArgs([]).ok, false);
  assert.equal(parseRunArgs(['a', 'b']).ok, false);
  assert.equal(parseRunArgs(['a', '--events', 'json']).ok, false);
  assert.equal(parseRunArgs(['a', '--concurrency', '0']).ok, false);
  assert.equal(parseRunArgs(['a', '--bogus']).ok, false);
});

test('a limiter that learnt a rate never starts more than that many requests in one second', async () => {
  const limiter = new SiteLimiter(10);
  limiter.learnRate(21); // paced at 95%: 19 per second
  const starts: number[] = [];
  await Promise.all(
    Array.from({ length: 25 }, async () => {
      const release = await limiter.acquire();
      starts.push(Date.now());
      release();
    }),
  );
  starts.sort((a, b) => a - b);
  const firstSecond = starts.filter((t) => t < (starts[0] as number) + 1000).length;
  assert.ok(firstSecond <= 19, `${firstSecond} starts in the first second`);
  assert.equal(starts.length, 25);
});
