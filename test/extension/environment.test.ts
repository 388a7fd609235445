// The environments of the processes the extension starts (DESIGN.md §9.2): the language server gets an
// allow-list only, so no token of the user's shell reaches it; the CLI gets the tokens of its run on top.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allowListedEnvironment, cliEnvironment } from '../../client/src/environment';

const shell = {
  PATH: '/usr/bin',
  HOME: '/home/ada',
  LANG: 'en_US.UTF-8',
  LC_ALL: 'C',
  XDG_STATE_HOME: '/home/ada/.local/state',
  TMPDIR: '/tmp',
  SUPPORT_JIRA_TOKEN: 'ATATT-secret-1',
  GITHUB_TOKEN: 'ghp_secret',
  AWS_SECRET_ACCESS_KEY: 'aws-secret',
  NPM_TOKEN: 'npm-secret',
  HTTPS_PROXY: 'http://proxy:3128',
};

test('the language server environment keeps PATH, HOME, locale, XDG_* and TMPDIR and drops every secret', () => {
  const env = allowListedEnvironment(shell);
  assert.deepEqual(Object.keys(env).sort(), ['HOME', 'LANG', 'LC_ALL', 'PATH', 'TMPDIR', 'XDG_STATE_HOME']);
  for (const value of Object.values(env)) assert.ok(!/secret/.test(String(value)));
});

test('the CLI environment adds only the tokens of its run, proxies, and ELECTRON_RUN_AS_NODE', () => {
  const env = cliEnvironment({ SUPPORT_JIRA_TOKEN: 'from-secret-storage' }, shell);
  assert.equal(env.SUPPORT_JIRA_TOKEN, 'from-secret-storage');
  assert.equal(env.ELECTRON_RUN_AS_NODE, '1');
  assert.equal(env.HTTPS_PROXY, 'http://proxy:3128');
  assert.equal(env.GITHUB_TOKEN, undefined);
  assert.equal(env.AWS_SECRET_ACCESS_KEY, undefined);
  assert.equal(env.NPM_TOKEN, undefined);
});
