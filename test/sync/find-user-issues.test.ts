// erase-account's target search needs only what it searches: nothing when personal-data exchange is off (no user
// field reaches the target), and only the target site's token otherwise; it finds the issues a synced user
// appears on, watchers included (Jira's `watcher` JQL clause).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFindTargetIssues } from '../../server/src/sync/find-user-issues';
import { USERS } from '../jira-emulator/test-support';
import { SITES, fullConfig, startHarness } from './helpers';

type SyncRef = Parameters<ReturnType<typeof createFindTargetIssues>>[0]['sync'];
const sync = (name: string, configPath: string) => ({ name, configPath }) as SyncRef;

test('with personal-data exchange off there is nothing to search: no token and no request needed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bb-erase-'));
  try {
    const path = join(dir, 'off.sync.yaml');
    writeFileSync(
      path,
      `version: 1\nname: off\n${SITES.replace(/\$\{env:T_(SUPPORT|ENG)_URL\}/g, 'http://127.0.0.1:1')}` +
        'personalData: { exchange: false }\nfields:\n  summary: summary\n',
    );
    // No token in the environment, and the sites' port is closed: any attempt would fail.
    assert.deepEqual(
      await createFindTargetIssues({})({ accountId: USERS.marcus, sync: sync('off', path) }),
      [],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("with exchange on, only the target's token is needed, and watchers are found by the watcher clause", async () => {
  const h = await startHarness();
  try {
    // The harness's full config (every issue imports) plus watchers.
    const path = h.writeConfig(
      fullConfig('erase-watchers').replace(
        '  summary: summary\n',
        '  summary: summary\n  watchers: watchers\n',
      ),
      'erase.sync.yaml',
    );
    const run = await h.run(path);
    assert.equal(run.counts.failed, 0, run.message);
    const { T_SUPPORT_TOKEN: _source, ...targetOnly } = h.env;
    const found = await createFindTargetIssues(targetOnly)({
      accountId: USERS.marcus,
      sync: sync('erase-watchers', path),
    });
    // Marcus watches SUP-1, SUP-5 and SUP-26 in the demo seed, so the sync made him a watcher of their copies;
    // the search lists every ENG issue he watches, those included.
    const watched = h.emulator
      .issues('engineering')
      .filter((i) => i.watchers.includes(USERS.marcus))
      .map((i) => i.key)
      .sort();
    assert.ok(watched.length >= 3);
    assert.deepEqual(found.map((f) => f.key).sort(), watched);
    assert.ok(found.every((f) => f.fieldIds.includes('watchers') && /^ENG-\d+$/.test(f.key)));
  } finally {
    await h.close();
  }
});
