// Each failure category produces an entry with the right category, field, Occurred in / Triggered by, help link
// and config line; fixing the emulator's state and retrying resolves it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readSyncStore } from '../../server/src/store';
import type { EntryOpenedEvent } from '../../server/src/protocol/events';
import { retryEntries } from '../../server/src/sync/retry';
import { startHarness, sites, control, jira, lineOf, type Harness } from './helpers';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.close();
});

interface Case {
  category: string;
  jql: string;
  body: string;
  field: string | null;
  /** A text on the config line to blame, or null. */
  line: string | null;
  /** Makes the failure happen (beyond the config), before the run. */
  arrange?: () => Promise<void>;
  /** A second run needed (e.g. delete the target after a first sync). */
  twoRuns?: () => Promise<void>;
  fix: () => Promise<void>;
  targetKnown: boolean;
}

const base = (name: string, jql: string, body: string): string =>
  `version: 1\nname: ${name}\n${sites(jql)}personalData: { exchange: true, users: account-id }\nissueTypes: { Bug: Bug, "Service Request": Task }\n${body}`;

const fields = (extra = ''): string =>
  `fields:\n  summary: summary\n  priority: { target: priority, correlate: { Highest: P1, High: P2, Medium: P3, Low: P4 }, default: P3 }\n  customfield_10041: { target: customfield_20012, default: "n/a" }\n${extra}`;

const cases: Case[] = [
  {
    category: 'field-not-on-screen',
    jql: 'key = SUP-4',
    body: fields('  environment: environment\n'),
    field: 'environment',
    line: 'environment: environment',
    fix: async () => {
      await control(h, 'POST', '/sites/engineering/screens', {
        project: 'ENG',
        issueType: 'Bug',
        screen: 'create',
        add: ['environment'],
      });
    },
    targetKnown: false,
  },
  {
    category: 'required-field-missing',
    jql: 'key = SUP-9',
    body: 'fields:\n  summary: summary\n  priority: { target: priority, correlate: { High: P2 }, default: P3 }\n  customfield_10041: customfield_20012\n',
    field: 'customfield_20012',
    line: 'customfield_10041: customfield_20012',
    fix: async () => {
      await control(h, 'POST', '/sites/engineering/screens', {
        project: 'ENG',
        issueType: 'Bug',
        screen: 'required',
        remove: ['customfield_20012'],
      });
    },
    targetKnown: false,
  },
  {
    category: 'invalid-transition',
    jql: 'key = SUP-3',
    body: `${fields()}statuses: { Open: In Review }\n`,
    field: 'status',
    line: 'statuses: { Open: In Review }',
    fix: async () => {
      const config = (await control(h, 'GET', '/sites/engineering/config')) as {
        projects: { ENG: { workflows: Record<string, { initial: string; transitions: unknown[] }> } };
      };
      const flow = config.projects.ENG.workflows['*'];
      assert.ok(flow);
      await control(h, 'PATCH', '/sites/engineering/config', {
        projects: {
          ENG: {
            workflows: {
              '*': {
                ...flow,
                transitions: [...flow.transitions, { id: '71', name: 'Review', to: 'In Review' }],
              },
            },
          },
        },
      });
    },
    targetKnown: true,
  },
  {
    category: 'user-not-found',
    jql: 'key = SUP-6',
    body: fields('  assignee: assignee\n'),
    field: 'assignee',
    line: 'assignee: assignee',
    fix: async () => {
      await control(h, 'PATCH', '/sites/engineering/config', {
        users: {
          '712020:3e5b7a9c-6f8d-4b1e-8a55-7c9e1f3a4b06': {
            displayName: 'Aisha Okafor',
            email: 'aisha.okafor@example.com',
          },
        },
      });
    },
    targetKnown: false,
  },
  {
    category: 'permission-denied',
    jql: 'key = SUP-5',
    body: `${fields()}comments: { sync: true }\n`,
    field: null,
    line: 'comments: { sync: true }',
    arrange: async () => {
      await control(h, 'POST', '/faults', {
        rules: [
          {
            kind: 'status',
            status: 403,
            site: 'engineering',
            method: 'POST',
            path: '^/rest/api/3/issue/[^/]+/comment$',
          },
        ],
      });
    },
    fix: async () => {
      await control(h, 'DELETE', '/faults');
    },
    targetKnown: true,
  },
  {
    category: 'validation',
    jql: 'key = SUP-2',
    body: 'fields:\n  summary: summary\n  priority: { target: priority, correlate: { Medium: P9 } }\n  customfield_10041: customfield_20012\n',
    field: 'priority',
    line: 'priority: { target: priority',
    fix: async () => {
      await control(h, 'PATCH', '/sites/engineering/config', {
        priorities: { P1: { id: '1' }, P2: { id: '2' }, P3: { id: '3' }, P4: { id: '4' }, P9: { id: '9' } },
      });
    },
    targetKnown: false,
  },
  {
    category: 'rate-limited',
    jql: 'key = SUP-13',
    body: fields(),
    field: null,
    line: null,
    arrange: async () => {
      await control(h, 'POST', '/faults', {
        rules: [
          {
            kind: 'rate-limit',
            site: 'engineering',
            method: 'POST',
            path: '^/rest/api/3/issue$',
            retryAfterSeconds: 0,
          },
        ],
      });
    },
    fix: async () => {
      await control(h, 'DELETE', '/faults');
    },
    targetKnown: false,
  },
  {
    category: 'network',
    jql: 'key = SUP-17',
    body: fields(),
    field: null,
    line: null,
    arrange: async () => {
      await control(h, 'POST', '/faults', {
        rules: [{ kind: 'reset', site: 'engineering', method: 'POST', path: '^/rest/api/3/issue$' }],
      });
    },
    fix: async () => {
      await control(h, 'DELETE', '/faults');
    },
    targetKnown: false,
  },
  {
    category: 'not-found',
    jql: 'key = SUP-19',
    body: fields(),
    field: null,
    line: null,
    twoRuns: async () => {
      const target = h.emulator
        .issues('engineering')
        .find(
          (i) => (i.properties['backbone.link'] as { sync?: string } | undefined)?.sync === 'cat-not-found',
        );
      assert.ok(target, 'the first run created the target issue');
      // Someone deleted the target issue (the emulator has no DELETE yet: move it out of every visible project).
      await jira(h, 'engineering', 'DELETE', `/rest/api/3/issue/${target.id}`).catch(() => {
        target.projectKey = 'GONE';
      });
      await jira(h, 'support', 'PUT', '/rest/api/3/issue/SUP-19', {
        fields: { summary: 'Date picker shows US format (edited)' },
      });
    },
    fix: async () => {},
    targetKnown: true,
  },
];

for (const c of cases) {
  test(`${c.category}: the entry names category, field, issues, help and config line; retry after the fix resolves it`, async () => {
    const name = `cat-${c.category}`;
    const yaml = base(name, c.jql, c.body);
    const config = h.writeConfig(yaml, `${name}.sync.yaml`);
    await c.arrange?.();
    if (c.twoRuns) {
      const first = await h.run(config);
      assert.equal(
        first.exitCode,
        0,
        `first run: ${first.message ?? ''} ${JSON.stringify(first.events.filter((e) => e.type === 'entry-opened'))}`,
      );
      await c.twoRuns();
    }
    const run = await h.run(config);
    const opened = run.events.filter((e): e is EntryOpenedEvent => e.type === 'entry-opened');
    assert.equal(run.exitCode, 1, `exit code; message: ${run.message ?? ''}`);
    assert.equal(opened.length, 1, JSON.stringify(opened, null, 1));
    const entry = opened[0]?.entry;
    assert.ok(entry);
    assert.equal(entry.category, c.category);
    assert.equal(entry.field, c.field);
    assert.equal(entry.sourceKey, c.jql.replace('key = ', ''));
    assert.equal(entry.targetKey !== null, c.targetKnown, `Occurred in: ${entry.targetKey}`);
    assert.equal(entry.help, `docs/troubleshooting.md#${c.category}`);
    assert.equal(entry.configLine, c.line === null ? null : lineOf(yaml, c.line));
    assert.match(entry.message, /\. [A-Z]/, 'the message says what to do');

    // Still failing: the issue's later changes queue behind the open entry.
    await c.fix();
    const retried = await retryEntries({
      stateDir: h.stateDir,
      target: { entryId: entry.id },
      env: h.env,
      extra: {
        indexLag: { settleMs: 50, maxSearches: 3 },
        transport: { baseDelayMs: 5, maxDelayMs: 50 },
        transientBackoffMs: 20,
      },
    });
    assert.ok(retried.ok);
    const result = retried.runs[0]?.result;
    assert.equal(result?.exitCode, 0, result?.message);
    const store = await readSyncStore({ stateDir: h.stateDir, syncName: name });
    try {
      assert.equal(store.getEntry(entry.id)?.state, 'resolved');
      assert.equal(store.getEntry(entry.id)?.pendingChange, null);
      assert.ok(store.getLink(entry.sourceIssueId), 'the link is recorded');
    } finally {
      await store.close();
    }
  });
}

test('a transient entry (network) is retried by the next plain run, though the issue did not change', async () => {
  const name = 'transient-next-run';
  const config = h.writeConfig(base(name, 'key = SUP-29', fields()), `${name}.sync.yaml`);
  await control(h, 'POST', '/faults', {
    rules: [{ kind: 'reset', site: 'engineering', method: 'POST', path: '^/rest/api/3/issue$' }],
  });
  const failed = await h.run(config);
  assert.equal(failed.exitCode, 1);
  await control(h, 'DELETE', '/faults');
  const next = await h.run(config);
  assert.equal(next.exitCode, 0, next.message);
  assert.equal(next.counts.created, 1);
  assert.equal(next.counts.entriesResolved, 1);
});
