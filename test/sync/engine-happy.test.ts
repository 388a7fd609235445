import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, fullConfig } from './helpers';

test('a first run creates one linked target issue per source issue; a re-run writes nothing', async () => {
  const h = await startHarness();
  try {
    const config = h.writeConfig(fullConfig());
    const first = await h.run(config);
    const entries = first.events.filter((e) => e.type === 'entry-opened');
    assert.deepEqual(entries, [], JSON.stringify(entries, null, 1));
    assert.equal(first.exitCode, 0, first.message);
    const sources = h.emulator.issues('support');
    const targets = h.emulator.issues('engineering').filter((i) => i.properties['backbone.link']);
    assert.equal(targets.length, sources.length);
    assert.equal(first.counts.created, sources.length);

    h.emulator.clearRequests();
    const second = await h.run(config);
    assert.equal(second.exitCode, 0);
    const writes = h.emulator
      .requests('engineering')
      .filter((r) => r.method !== 'GET' && !/search/.test(r.path));
    assert.deepEqual(writes, []);
  } finally {
    await h.close();
  }
});
