import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCloudClient } from 'jira.js';

test('jira.js (ESM-only) loads under the test runner', () => {
  assert.equal(typeof createCloudClient, 'function');
});
