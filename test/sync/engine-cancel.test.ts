// Cancellation: a `cancel` line on the CLI's stdin stops the run; the request in flight finishes, the state is
// recorded (every created issue is linked), and the exit code is 130.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateSeed } from '../jira-emulator/index';
import { readSyncStore } from '../../server/src/store';
import { parseEvent, type RunFinishedEvent } from '../../server/src/protocol/events';
import { startHarness, sites } from './helpers';

const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');

test(
  'a cancel line on stdin ends the run with exit 130 and every created issue linked',
  { timeout: 300_000 },
  async (t) => {
    if (!existsSync(cli)) return t.skip('dist/cli.js is not built (npm test builds it)');
    const h = await startHarness(generateSeed({ issues: 80, commentsPerIssue: 0 }));
    try {
      const path = h.writeConfig(
        `version: 1\nname: cancel\n${sites()}issueTypes: { Bug: Bug, "Service Request": Task }\nfields:\n  summary: summary\n  customfield_10041: { target: customfield_20012, default: "n/a" }\n  priority: { target: priority, correlate: { High: P2 }, default: P3 }\n`,
        'cancel.sync.yaml',
      );
      const child = spawn(
        process.execPath,
        [cli, 'run', path, '--state-dir', h.stateDir, '--events', 'ndjson', '--concurrency', '2'],
        {
          env: { PATH: process.env.PATH, ...h.env },
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      let buffer = '';
      let synced = 0;
      let finished: RunFinishedEvent | undefined;
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          const event = parseEvent(line);
          if (event?.type === 'issue-synced' && ++synced === 5) child.stdin.write('cancel\n');
          if (event?.type === 'run-finished') finished = event;
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.equal(code, 130);
      assert.equal(finished?.outcome, 'cancelled');
      assert.ok(synced < 80, `stopped early (${synced} issues)`);

      const created = h.emulator
        .issues('engineering')
        .filter((i) => (i.properties['backbone.link'] as { sync?: string } | undefined)?.sync === 'cancel');
      const store = await readSyncStore({ stateDir: h.stateDir, syncName: 'cancel' });
      try {
        assert.equal(store.linkCount(), created.length, 'every created issue is linked');
        assert.equal(store.lastRun()?.outcome, 'cancelled');
      } finally {
        await store.close();
      }
    } finally {
      await h.close();
    }
  },
);
