// The seeds load: the demo passes the reference checks, and a generated 10k-issue seed is served and
// searchable, deterministic for a given random seed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateSeed, startEmulator } from './index';
import { checkSeed, loadSeed } from './seed-loader';

describe('seeds', () => {
  it('demo.json passes the reference checks, with the users the demo needs', () => {
    const seed = loadSeed('demo.json');
    assert.deepEqual(Object.keys(seed.sites), ['support', 'engineering']);
    assert.equal(seed.sites.support?.issues?.length, 30);
    const users = Object.values(seed.sites.support?.users ?? {});
    assert.ok(users.some((u) => u.active === false) && users.some((u) => u.emailVisible === false));
  });

  it('names the dangling reference of a broken seed', () => {
    const seed = loadSeed('demo.json');
    (seed.sites.support?.issues ?? [])[0]!.status = 'Nowhere';
    assert.throws(() => checkSeed(seed), /sites\.support\.issues SUP-1: unknown status "Nowhere"/);
  });

  it('generates a 10,000-issue seed that the emulator serves, the same for the same random seed', async () => {
    const a = generateSeed({ issues: 10_000, random: 3 });
    assert.doesNotThrow(() => checkSeed(a));
    assert.deepEqual(
      generateSeed({ issues: 10_000, random: 3 }).sites.support?.issues?.[7],
      a.sites.support?.issues?.[7],
    );
    const emulator = await startEmulator({ seed: a });
    try {
      const auth = Buffer.from('sync-bot@example.com:demo-support-token').toString('base64');
      const r = await fetch(`${emulator.siteUrl('support')}/rest/api/3/search/approximate-count`, {
        method: 'POST',
        headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ jql: 'project = SUP' }),
      });
      assert.deepEqual(await r.json(), { count: 10_000 });
    } finally {
      await emulator.close();
    }
  });
});
