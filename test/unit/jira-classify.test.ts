import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyError } from '../../server/src/jira/classify';
import { JiraNetworkError, JiraRequestError } from '../../server/src/jira/errors';

const users = new Set(['assignee', 'reporter', 'customfield_10020']);
const err = (status: number, keys: string[] = []): JiraRequestError =>
  new JiraRequestError(status, 'POST', '/rest/api/3/issue', keys, 0);

test('a 400 on a field we sent that is not on the screen is field-not-on-screen', () => {
  const c = classifyError(err(400, ['customfield_10010']), {
    operation: 'create',
    sentFields: ['summary', 'customfield_10010'],
    userFields: users,
    screenFields: new Set(['summary']),
  });
  assert.equal(c?.category, 'field-not-on-screen');
  assert.equal(c?.field, 'customfield_10010');
});

test('a 400 on a field we did not send is required-field-missing', () => {
  const c = classifyError(err(400, ['customfield_10030']), {
    operation: 'create',
    sentFields: ['summary'],
    userFields: users,
    requiredFields: new Set(['customfield_10030']),
  });
  assert.equal(c?.category, 'required-field-missing');
  assert.equal(c?.field, 'customfield_10030');
});

test('a 400 on a user field we sent is user-not-found', () => {
  const c = classifyError(err(400, ['assignee']), {
    operation: 'edit',
    sentFields: ['assignee'],
    userFields: users,
  });
  assert.equal(c?.category, 'user-not-found');
});

test('a 400 on a field that is on the screen is validation', () => {
  const c = classifyError(err(400, ['duedate']), {
    operation: 'edit',
    sentFields: ['duedate'],
    userFields: users,
    screenFields: new Set(['duedate']),
  });
  assert.equal(c?.category, 'validation');
  assert.equal(c?.field, 'duedate');
});

test('statuses map to permission-denied, not-found, rate-limited, network and invalid-transition', () => {
  const ctx = { operation: 'edit' as const, sentFields: [], userFields: users };
  assert.equal(classifyError(err(403), ctx)?.category, 'permission-denied');
  assert.equal(classifyError(err(401), ctx)?.category, 'permission-denied');
  assert.equal(classifyError(err(404), ctx)?.category, 'not-found');
  assert.equal(classifyError(err(429), ctx)?.category, 'rate-limited');
  assert.equal(classifyError(err(503), ctx)?.transient, true);
  assert.equal(classifyError(new JiraNetworkError('GET', '/x', 'ECONNRESET'), ctx)?.category, 'network');
  assert.equal(classifyError(err(400), { ...ctx, operation: 'transition' })?.category, 'invalid-transition');
  assert.equal(classifyError(err(404), { ...ctx, operation: 'watchers' })?.category, 'user-not-found');
  assert.equal(classifyError(new Error('boom'), ctx), undefined);
});
