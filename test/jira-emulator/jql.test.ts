// The JQL subset the engine sends, evaluated as Jira does: clauses, AND/OR/NOT, parentheses, lists,
// EMPTY, currentUser(), absolute and relative dates, ORDER BY, and Jira's 400 messages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestEmulator } from './test-support';
import { adf, startTestEmulator, USERS } from './test-support';

let t: TestEmulator;
before(async () => {
  t = await startTestEmulator();
});
after(async () => {
  await t.emulator.close();
});

async function keys(jql: string, site = 'support'): Promise<string[]> {
  const r = await t.api(site, 'POST', '/rest/api/3/search/jql', { jql, fields: ['key'], maxResults: 5000 });
  assert.equal(r.status, 200, `${jql}: ${JSON.stringify(r.body)}`);
  return r.body.issues.map((i: { key: string }) => i.key);
}

async function error(jql: string): Promise<string> {
  const r = await t.api('support', 'POST', '/rest/api/3/search/jql', { jql });
  assert.equal(r.status, 400, jql);
  assert.deepEqual(r.body.errors, {});
  return r.body.errorMessages[0];
}

describe('JQL clauses', () => {
  it('filters by project, key, issue type, status and labels', async () => {
    assert.equal((await keys('project = SUP')).length, 30);
    assert.deepEqual(await keys('key = SUP-3'), ['SUP-3']);
    assert.deepEqual(await keys('key in (SUP-1, sup-2) ORDER BY key ASC'), ['SUP-1', 'SUP-2']);
    assert.equal((await keys('project = SUP AND issuetype = "Service Request"')).length, 10);
    assert.deepEqual(await keys('status = "Waiting for Customer" AND type = Bug ORDER BY key'), [
      'SUP-10',
      'SUP-22',
    ]);
    assert.deepEqual(await keys('labels = escalated ORDER BY key ASC'), [
      'SUP-1',
      'SUP-6',
      'SUP-14',
      'SUP-20',
    ]);
    assert.equal((await keys('project = SUP AND labels in (email, sso)')).length, 3);
    assert.equal((await keys('project = SUP AND labels not in (email, sso)')).length, 27);
  });

  it('combines AND, OR, NOT and parentheses with AND binding tighter', async () => {
    const a = await keys('key = SUP-1 OR key = SUP-2 AND status = Open');
    assert.deepEqual(a.sort(), ['SUP-1', 'SUP-2']);
    const b = await keys('(key = SUP-1 OR key = SUP-2) AND status = Open');
    assert.deepEqual(b, ['SUP-2']);
    const c = await keys('project = SUP AND NOT issuetype = Bug');
    assert.equal(c.length, 10);
  });

  it('matches EMPTY and currentUser() for assignee, reporter and creator', async () => {
    assert.deepEqual((await keys('project = SUP AND assignee is EMPTY')).sort(), [
      'SUP-15',
      'SUP-19',
      'SUP-2',
    ]);
    assert.equal((await keys('project = SUP AND assignee is not EMPTY')).length, 27);
    assert.deepEqual(await keys('project = SUP AND creator = currentUser()'), []);
    assert.equal((await keys(`reporter = "${USERS.priya}"`)).length, 12);
  });

  it('matches watcher = accountId, as Jira does (erase-account searches it)', async () => {
    assert.deepEqual((await keys(`project = SUP AND watcher = "${USERS.marcus}"`)).sort(), [
      'SUP-1',
      'SUP-26',
      'SUP-5',
    ]);
    assert.deepEqual(await keys(`watcher = "${USERS.ravi}" AND project = SUP AND key = SUP-1`), []);
  });

  it('orders by created, updated and key in both directions', async () => {
    const asc = await keys('project = SUP ORDER BY created ASC');
    assert.equal(asc[0], 'SUP-1');
    const desc = await keys('project = SUP ORDER BY created DESC');
    assert.equal(desc[0], 'SUP-30');
    const byKey = await keys('project = SUP ORDER BY key DESC');
    assert.equal(byKey[0], 'SUP-30');
    assert.equal(byKey[29], 'SUP-1');
  });
});

describe('JQL dates', () => {
  it('compares created and updated with relative dates', async () => {
    assert.deepEqual(await keys('project = SUP AND created >= -36h'), ['SUP-30']);
    assert.equal((await keys('project = SUP AND created < -372h')).length, 10);
    assert.equal((await keys('project = SUP AND updated >= -1w')).length, 7);
  });

  it('compares with absolute dates in the user time zone', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    assert.equal((await keys(`project = SUP AND created < "${tomorrow}"`)).length, 30);
    assert.deepEqual(await keys(`project = SUP AND created >= "${tomorrow.replace(/-/g, '/')} 00:00"`), []);
  });

  it('finds an issue written a moment ago with the engine\'s window "(jql) AND updated >= -5m"', async () => {
    const before = await keys('(project = SUP) AND updated >= -5m');
    assert.deepEqual(before, []);
    await t.api('support', 'PUT', '/rest/api/3/issue/SUP-7', { fields: { summary: 'Changed now' } });
    await t.api('support', 'POST', '/rest/api/3/issue/SUP-8/comment', { body: adf('New comment') });
    assert.deepEqual((await keys('(project = SUP) AND updated >= -5m')).sort(), ['SUP-7', 'SUP-8']);
    assert.deepEqual(await keys('(project = SUP) AND created >= -5m'), []);
  });
});

describe('JQL errors', () => {
  it("answers Jira's 400 messages for unknown fields, values, functions and operators", async () => {
    assert.equal(
      await error('foo = bar'),
      "Field 'foo' does not exist or you do not have permission to view it.",
    );
    assert.equal(await error('project = NOPE'), "The value 'NOPE' does not exist for the field 'project'.");
    assert.equal(await error('status = Flying'), "The value 'Flying' does not exist for the field 'status'.");
    assert.equal(await error('key = SUP-999'), "An issue with key 'SUP-999' does not exist for field 'key'.");
    assert.equal(await error('project ~ SUP'), "The operator '~' is not supported by the 'project' field.");
    assert.equal(await error('assignee = nobody()'), "Unable to find JQL function 'nobody()'.");
    assert.match(
      await error('updated >= yesterday'),
      /^Date value 'yesterday' for field 'updated' is invalid/,
    );
    assert.match(
      await error('project = SUP AND'),
      /^Error in the JQL Query: Expecting a field name but got the end of the query/,
    );
    assert.match(await error('project = SUP ORDER created'), /^Error in the JQL Query: Expecting 'by'/);
  });

  it('matches nothing for issue.property[…]: entity properties are not indexed for API-token clients', async () => {
    await t.api('support', 'PUT', '/rest/api/3/issue/SUP-1/properties/backbone.link', { v: 1 });
    assert.deepEqual(await keys('issue.property[backbone.link].v = 1'), []);
  });
});

describe('spec conformance', () => {
  it('every search response validated against the OpenAPI spec subset', () => {
    assert.deepEqual(t.problems, []);
  });
});
