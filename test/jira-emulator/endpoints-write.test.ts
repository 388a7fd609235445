// Write endpoints (issues, transitions, comments, watchers, properties, assign, delete) answer with Jira
// Cloud's shapes: each response is validated against the OpenAPI spec and the key facts are asserted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestEmulator } from './test-support';
import { adf, startTestEmulator, SYNC_BOT, USERS } from './test-support';

let t: TestEmulator;
before(async () => {
  t = await startTestEmulator();
});
after(async () => {
  await t.emulator.close();
});

describe('issues', () => {
  it('gets an issue by key and by id, all fields by default', async () => {
    const byKey = await t.api('support', 'GET', '/rest/api/3/issue/SUP-4');
    assert.equal(byKey.status, 200);
    assert.equal(byKey.body.fields.environment.type, 'doc');
    const byId = await t.api('support', 'GET', `/rest/api/3/issue/${byKey.body.id}?fields=summary`);
    assert.deepEqual(Object.keys(byId.body.fields), ['summary']);
  });

  it('creates an issue with properties and answers id, key and self; updated moves on every write', async () => {
    const created = await t.api('engineering', 'POST', '/rest/api/3/issue', {
      fields: {
        project: { key: 'ENG' },
        issuetype: { name: 'Task' },
        summary: 'Created by the test',
        description: adf('Body'),
        priority: { name: 'P3' },
        labels: ['sup-x'],
        assignee: { accountId: USERS.marcus },
        customfield_20010: { accountId: USERS.priya },
        customfield_20014: 'SUP-99',
      },
      properties: [
        { key: 'backbone.link', value: { v: 1, sync: 'demo', sourceIssueId: '10000', sourceKey: 'SUP-1' } },
      ],
    });
    assert.equal(created.status, 201);
    assert.match(created.body.key, /^ENG-\d+$/);
    assert.equal(
      created.body.self,
      `${t.emulator.siteUrl('engineering')}/rest/api/3/issue/${created.body.id}`,
    );
    const prop = await t.api(
      'engineering',
      'GET',
      `/rest/api/3/issue/${created.body.key}/properties/backbone.link`,
    );
    assert.equal(prop.body.value.sourceKey, 'SUP-1');
    const before = (
      await t.api('engineering', 'GET', `/rest/api/3/issue/${created.body.key}?fields=updated,creator`)
    ).body;
    assert.equal(before.fields.creator.accountId, SYNC_BOT);
    const edit = await t.api('engineering', 'PUT', `/rest/api/3/issue/${created.body.key}`, {
      fields: { summary: 'Edited' },
    });
    assert.equal(edit.status, 204);
    const afterEdit = (
      await t.api('engineering', 'GET', `/rest/api/3/issue/${created.body.key}?fields=updated,summary`)
    ).body;
    assert.equal(afterEdit.fields.summary, 'Edited');
    assert.ok(afterEdit.fields.updated > before.fields.updated, 'updated moved');
  });

  it('bulk-creates, reporting failed elements beside created ones', async () => {
    const r = await t.api('engineering', 'POST', '/rest/api/3/issue/bulk', {
      issueUpdates: [
        {
          fields: {
            project: { key: 'ENG' },
            issuetype: { name: 'Task' },
            summary: 'Bulk 1',
            priority: { name: 'P2' },
          },
        },
        { fields: { project: { key: 'ENG' }, issuetype: { name: 'Task' }, summary: 'Bulk 2' } },
      ],
    });
    assert.equal(r.status, 201);
    assert.equal(r.body.issues.length, 1);
    assert.deepEqual(r.body.errors, [
      {
        status: 400,
        elementErrors: { errorMessages: [], errors: { priority: 'Priority is required.' } },
        failedElementNumber: 1,
      },
    ]);
  });

  it('edits with update operations and returns the issue with returnIssue=true', async () => {
    const r = await t.api('support', 'PUT', '/rest/api/3/issue/SUP-2?returnIssue=true', {
      update: { labels: [{ add: 'triaged' }] },
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.fields.labels, ['export', 'triaged']);
  });
});

describe('transitions, comments, watchers, properties', () => {
  it('lists transitions from the current status, global ones included, and performs one', async () => {
    const list = await t.api('engineering', 'GET', '/rest/api/3/issue/ENG-2/transitions');
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.transitions.map((tr: { id: string; isGlobal: boolean }) => [tr.id, tr.isGlobal]),
      [
        ['11', false],
        ['31', true],
      ],
    );
    const done = await t.api('engineering', 'POST', '/rest/api/3/issue/ENG-2/transitions', {
      transition: { id: '11' },
    });
    assert.equal(done.status, 204);
    const issue = await t.api('engineering', 'GET', '/rest/api/3/issue/ENG-2?fields=status');
    assert.equal(issue.body.fields.status.name, 'In Progress');
  });

  it('adds, lists, gets and updates comments; their properties come back only from comment/list, as documented', async () => {
    const added = await t.api('engineering', 'POST', '/rest/api/3/issue/ENG-1/comment', {
      body: adf('Synced comment'),
      properties: [{ key: 'backbone.comment', value: { v: 1, sourceCommentId: '10001' } }],
    });
    assert.equal(added.status, 201);
    assert.equal(added.body.author.accountId, SYNC_BOT);
    const id = added.body.id;
    const list = await t.api('engineering', 'GET', '/rest/api/3/issue/ENG-1/comment?expand=properties');
    assert.equal(list.body.total, 1);
    // Jira documents only `renderedBody` as an expand of the issue's comment list.
    assert.equal(list.body.comments[0].properties, undefined);
    const one = await t.api('engineering', 'GET', `/rest/api/3/issue/ENG-1/comment/${id}`);
    assert.equal(one.status, 200);
    const updated = await t.api('engineering', 'PUT', `/rest/api/3/issue/ENG-1/comment/${id}`, {
      body: adf('Edited'),
    });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.body.content[0].content[0].text, 'Edited');
    const keys = await t.api('engineering', 'GET', `/rest/api/3/comment/${id}/properties`);
    assert.deepEqual(
      keys.body.keys.map((k: { key: string }) => k.key),
      ['backbone.comment'],
    );
    assert.equal(
      (await t.api('engineering', 'PUT', `/rest/api/3/comment/${id}/properties/other`, { a: 1 })).status,
      201,
    );
    assert.equal(
      (await t.api('engineering', 'PUT', `/rest/api/3/comment/${id}/properties/other`, { a: 2 })).status,
      200,
    );
    assert.deepEqual((await t.api('engineering', 'GET', `/rest/api/3/comment/${id}/properties/other`)).body, {
      key: 'other',
      value: { a: 2 },
    });
    assert.equal(
      (await t.api('engineering', 'DELETE', `/rest/api/3/comment/${id}/properties/other`)).status,
      204,
    );
    assert.equal(
      (await t.api('engineering', 'GET', `/rest/api/3/comment/${id}/properties/other`)).status,
      404,
    );
    assert.equal((await t.api('engineering', 'GET', '/rest/api/3/comment/99999/properties')).status, 404);
    const byIds = await t.api('engineering', 'POST', '/rest/api/3/comment/list?expand=properties', {
      ids: [Number(id)],
    });
    assert.equal(byIds.status, 200);
    assert.deepEqual(byIds.body.values[0].properties, [
      { key: 'backbone.comment', value: { v: 1, sourceCommentId: '10001' } },
    ]);
  });

  it('adds, lists and removes watchers', async () => {
    assert.equal(
      (await t.api('engineering', 'POST', '/rest/api/3/issue/ENG-1/watchers', USERS.priya)).status,
      204,
    );
    const list = await t.api('engineering', 'GET', '/rest/api/3/issue/ENG-1/watchers');
    assert.deepEqual(
      list.body.watchers.map((w: { accountId: string }) => w.accountId),
      [USERS.marcus, USERS.priya],
    );
    assert.equal(list.body.watchCount, 2);
    const removed = await t.api(
      'engineering',
      'DELETE',
      `/rest/api/3/issue/ENG-1/watchers?accountId=${encodeURIComponent(USERS.priya)}`,
    );
    assert.equal(removed.status, 204);
  });

  it('sets, lists, gets and deletes issue properties', async () => {
    assert.equal(
      (await t.api('support', 'PUT', '/rest/api/3/issue/SUP-3/properties/demo.prop', { n: 1 })).status,
      201,
    );
    const keys = await t.api('support', 'GET', '/rest/api/3/issue/SUP-3/properties');
    assert.deepEqual(
      keys.body.keys.map((k: { key: string }) => k.key),
      ['demo.prop'],
    );
    assert.equal(
      (await t.api('support', 'DELETE', '/rest/api/3/issue/SUP-3/properties/demo.prop')).status,
      204,
    );
    const gone = await t.api('support', 'GET', '/rest/api/3/issue/SUP-3/properties/demo.prop');
    assert.equal(gone.status, 404);
    assert.deepEqual(gone.body, {
      errorMessages: ["The property with key 'demo.prop' does not exist."],
      errors: {},
    });
  });
});

describe('assign, delete', () => {
  it('assigns and unassigns through PUT assignee, refusing a user who cannot be assigned', async () => {
    const ok = await t.api('engineering', 'PUT', '/rest/api/3/issue/ENG-2/assignee', {
      accountId: USERS.marcus,
    });
    assert.equal(ok.status, 204);
    const refused = await t.api('engineering', 'PUT', '/rest/api/3/issue/ENG-2/assignee', {
      accountId: USERS.lena,
    });
    assert.deepEqual(refused.body, {
      errorMessages: [],
      errors: { assignee: `User '${USERS.lena}' cannot be assigned issues.` },
    });
    assert.equal(
      (await t.api('engineering', 'PUT', '/rest/api/3/issue/ENG-2/assignee', { accountId: null })).status,
      204,
    );
  });

  it('deletes a comment and an issue; the issue is then not found', async () => {
    const comment = await t.api('support', 'POST', '/rest/api/3/issue/SUP-30/comment', {
      body: adf('To delete'),
    });
    assert.equal(
      (await t.api('support', 'DELETE', `/rest/api/3/issue/SUP-30/comment/${comment.body.id}`)).status,
      204,
    );
    assert.equal((await t.api('support', 'DELETE', '/rest/api/3/issue/SUP-30')).status, 204);
    assert.equal((await t.api('support', 'GET', '/rest/api/3/issue/SUP-30')).status, 404);
    assert.equal((await t.control('DELETE', '/_emulator/sites/support/issues/SUP-29')).status, 204);
    assert.equal((await t.api('support', 'GET', '/rest/api/3/issue/SUP-29')).status, 404);
  });
});

describe('spec conformance', () => {
  it('every response above validated against the OpenAPI spec subset', () => {
    assert.ok(t.checked() > 20, `checked ${t.checked()} responses`);
    assert.deepEqual(t.problems, []);
  });
});
