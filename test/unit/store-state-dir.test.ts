// Where each OS keeps the state, and the shape of entry ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { entryHelpUrl, parseEntryId, resolveStateDir, syncPaths } from '../../server/src/store';

test('the state directory follows the OS convention, and --state-dir and BACKBONE_STATE_DIR override it', () => {
  const home = '/home/ada';
  assert.equal(resolveStateDir({ env: {}, platform: 'linux', home }), '/home/ada/.local/state/backbone-sync');
  assert.equal(
    resolveStateDir({ env: { XDG_STATE_HOME: '/xdg/state' }, platform: 'linux', home }),
    '/xdg/state/backbone-sync',
  );
  assert.equal(
    resolveStateDir({ env: { XDG_STATE_HOME: 'relative/ignored' }, platform: 'linux', home }),
    '/home/ada/.local/state/backbone-sync',
  );
  assert.equal(
    resolveStateDir({ env: {}, platform: 'darwin', home: '/Users/ada' }),
    '/Users/ada/Library/Application Support/backbone-sync',
  );
  assert.equal(
    resolveStateDir({
      env: { LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' },
      platform: 'win32',
      home: 'C:\\Users\\ada',
    }),
    'C:\\Users\\ada\\AppData\\Local\\backbone-sync',
  );
  assert.equal(
    resolveStateDir({ env: { BACKBONE_STATE_DIR: '/env/state' }, platform: 'linux', home }),
    '/env/state',
  );
  assert.equal(
    resolveStateDir({
      stateDir: '/flag/state',
      env: { BACKBONE_STATE_DIR: '/env/state' },
      platform: 'linux',
      home,
    }),
    '/flag/state',
  );
});

test('each sync has its database, journal and lock under <state dir>/syncs', () => {
  assert.deepEqual(syncPaths('/s', 'support-to-eng'), {
    database: join('/s', 'syncs', 'support-to-eng.sqlite'),
    journal: join('/s', 'syncs', 'support-to-eng.journal.ndjson'),
    lock: join('/s', 'syncs', 'support-to-eng.lock'),
  });
});

test('entry ids parse as <sync name>:<number>, the last colon separating them', () => {
  assert.deepEqual(parseEntryId('support-to-eng:12'), { syncName: 'support-to-eng', number: 12 });
  assert.deepEqual(parseEntryId('v1.2_sync:3'), { syncName: 'v1.2_sync', number: 3 });
  for (const bad of ['support-to-eng', 'support-to-eng:', ':3', 'a:0', 'a:-1', 'a:1.5', '../x:1', 'a b:1']) {
    assert.throws(() => parseEntryId(bad), { code: 'invalid-entry-id' }, bad);
  }
  assert.equal(entryHelpUrl('field-not-on-screen'), 'docs/troubleshooting.md#field-not-on-screen');
});
