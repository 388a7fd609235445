// Every endpoint, in success and error cases, answers with Jira Cloud's shapes: each response is
// validated against Atlassian's OpenAPI spec (spec-check.ts) and the key facts are asserted here.
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

describe('sites, auth and error shapes', () => {
  it('answers serverInfo without authentication, with the site base URL', async () => {
    const r = await t.api('support', 'GET', '/rest/api/3/serverInfo', undefined, {
      email: 'nobody',
      token: 'x',
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.baseUrl, t.emulator.siteUrl('support'));
    assert.equal(r.body.deploymentType, 'Cloud');
  });

  it('refuses a wrong API token with 401 and a plain-text body', async () => {
    const r = await t.api('support', 'GET', '/rest/api/3/myself', undefined, {
      email: 'sync-bot@example.com',
      token: 'wrong',
    });
    assert.equal(r.status, 401);
    assert.match(r.headers.get('content-type') ?? '', /text\/plain/);
    assert.equal(r.body, 'Client must be authenticated to access this resource.');
  });

  it("refuses one site's token on the other site", async () => {
    const r = await t.api('engineering', 'GET', '/rest/api/3/myself', undefined, {
      email: 'sync-bot@example.com',
      token: 'demo-support-token',
    });
    assert.equal(r.status, 401);
  });

  it('answers an unknown path with a Jira error body', async () => {
    const r = await t.api('support', 'GET', '/rest/api/3/nothing-here');
    assert.equal(r.status, 404);
    assert.deepEqual(Object.keys(r.body).sort(), ['errorMessages', 'errors']);
  });

  it('answers the removed GET and POST /rest/api/3/search with 410 and the migration message', async () => {
    for (const method of ['GET', 'POST']) {
      const r = await t.api(
        'support',
        method,
        '/rest/api/3/search?jql=project=SUP',
        method === 'POST' ? { jql: 'project = SUP' } : undefined,
      );
      assert.equal(r.status, 410);
      assert.match(r.body.errorMessages[0], /has been removed.*\/rest\/api\/3\/search\/jql/);
    }
  });

  it('rejects writes to /rest/api/2, where a wiki-markup string would land', async () => {
    const r = await t.api('engineering', 'POST', '/rest/api/2/issue', {
      fields: { description: 'plain text' },
    });
    assert.equal(r.status, 400);
    assert.match(r.body.errorMessages[0], /rejects writes to \/rest\/api\/2/);
  });

  it('rejects a body that is not JSON with 400', async () => {
    const r = await fetch(`${t.emulator.siteUrl('support')}/rest/api/3/issue`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('sync-bot@example.com:demo-support-token').toString('base64')}`,
        'Content-Type': 'application/json',
      },
      body: '{not json',
    });
    assert.equal(r.status, 400);
    assert.deepEqual(Object.keys((await r.json()) as object).sort(), ['errorMessages', 'errors']);
  });
});

describe('search', () => {
  it('pages with nextPageToken until isLast and returns only ids when no fields are named', async () => {
    const ids: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page++) {
      const q = `/rest/api/3/search/jql?jql=${encodeURIComponent('project = SUP')}&maxResults=12${token ? `&nextPageToken=${token}` : ''}`;
      const r = await t.api('support', 'GET', q);
      assert.equal(r.status, 200);
      for (const issue of r.body.issues) {
        assert.deepEqual(Object.keys(issue), ['id']);
        ids.push(issue.id);
      }
      if (r.body.isLast) {
        assert.equal(r.body.nextPageToken, undefined);
        break;
      }
      token = r.body.nextPageToken;
    }
    assert.equal(ids.length, 30);
    assert.equal(new Set(ids).size, 30);
  });

  it('POST search returns the named fields and properties', async () => {
    const r = await t.api('support', 'POST', '/rest/api/3/search/jql', {
      jql: 'key = SUP-1',
      fields: [
        'summary',
        'status',
        'assignee',
        'customfield_10040',
        'comment',
        'watches',
        'priority',
        'labels',
        'description',
        'created',
        'updated',
        'issuetype',
        'project',
        'reporter',
        'creator',
      ],
      properties: ['backbone.link'],
    });
    assert.equal(r.status, 200);
    const [issue] = r.body.issues;
    assert.equal(issue.key, 'SUP-1');
    assert.equal(issue.fields.status.name, 'In Progress');
    assert.equal(issue.fields.customfield_10040.accountId, USERS.priya);
    assert.equal(issue.fields.comment.total, 2);
    assert.deepEqual(issue.properties, {});
    assert.match(issue.fields.updated, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
  });

  it('counts with approximate-count', async () => {
    const r = await t.api('support', 'POST', '/rest/api/3/search/approximate-count', {
      jql: 'project = SUP AND issuetype = Bug',
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.count, 20);
  });

  it('rejects an unbounded query, a parse error, and an invalid page token with 400', async () => {
    for (const body of [
      { jql: '' },
      { jql: 'ORDER BY created' },
      { jql: 'project = SUP AND' },
      { jql: 'project = SUP', nextPageToken: 'garbage' },
    ]) {
      const r = await t.api('support', 'POST', '/rest/api/3/search/jql', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.errorMessages.length, 1);
    }
    const count = await t.api('support', 'POST', '/rest/api/3/search/approximate-count', { jql: '' });
    assert.equal(count.status, 400);
  });
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

  it('adds, lists, gets and updates comments, with comment properties', async () => {
    const added = await t.api('engineering', 'POST', '/rest/api/3/issue/ENG-1/comment?expand=properties', {
      body: adf('Synced comment'),
      properties: [{ key: 'backbone.comment', value: { v: 1, sourceCommentId: '10001' } }],
    });
    assert.equal(added.status, 201);
    assert.equal(added.body.author.accountId, SYNC_BOT);
    assert.deepEqual(added.body.properties, [
      { key: 'backbone.comment', value: { v: 1, sourceCommentId: '10001' } },
    ]);
    const id = added.body.id;
    const list = await t.api('engineering', 'GET', '/rest/api/3/issue/ENG-1/comment?expand=properties');
    assert.equal(list.body.total, 1);
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

describe('metadata and users', () => {
  it('lists fields with schema types, user pickers included', async () => {
    const r = await t.api('engineering', 'GET', '/rest/api/3/field');
    const picker = r.body.find((f: { id: string }) => f.id === 'customfield_20010');
    assert.equal(picker.schema.custom, 'com.atlassian.jira.plugin.system.customfieldtypes:userpicker');
    assert.equal(picker.schema.type, 'user');
  });

  it('answers createmeta issue types and fields, and editmeta, from the screens', async () => {
    const types = await t.api('engineering', 'GET', '/rest/api/3/issue/createmeta/ENG/issuetypes');
    assert.deepEqual(
      types.body.issueTypes.map((x: { name: string }) => x.name),
      ['Bug', 'Task', 'Story'],
    );
    const fields = await t.api('engineering', 'GET', '/rest/api/3/issue/createmeta/ENG/issuetypes/10104');
    const byId = Object.fromEntries(
      fields.body.fields.map((f: { fieldId: string; required: boolean }) => [f.fieldId, f.required]),
    );
    assert.equal(byId.customfield_20012, true);
    assert.equal(byId.environment, undefined);
    const edit = await t.api('engineering', 'GET', '/rest/api/3/issue/ENG-1/editmeta');
    assert.ok('summary' in edit.body.fields);
    const badProject = await t.api('engineering', 'GET', '/rest/api/3/issue/createmeta/NOPE/issuetypes');
    assert.equal(badProject.status, 400);
  });

  it('answers project, myself, user, user search and assignable search', async () => {
    const project = await t.api('support', 'GET', '/rest/api/3/project/SUP');
    assert.equal(project.body.key, 'SUP');
    assert.equal(project.body.id, '10000');
    assert.equal((await t.api('support', 'GET', '/rest/api/3/project/NOPE')).status, 404);
    const me = await t.api('support', 'GET', '/rest/api/3/myself');
    assert.equal(me.body.accountId, SYNC_BOT);
    const sofia = await t.api(
      'support',
      'GET',
      `/rest/api/3/user?accountId=${encodeURIComponent(USERS.sofia)}`,
    );
    assert.equal(sofia.body.emailAddress, undefined, 'hidden email is not returned');
    assert.equal(
      (await t.api('engineering', 'GET', `/rest/api/3/user?accountId=${encodeURIComponent(USERS.aisha)}`))
        .status,
      404,
    );
    const search = await t.api('support', 'GET', '/rest/api/3/user/search?query=priya');
    assert.deepEqual(
      search.body.map((u: { accountId: string }) => u.accountId),
      [USERS.priya],
    );
    const hidden = await t.api('support', 'GET', '/rest/api/3/user/search?query=sofia.alvarez@');
    assert.deepEqual(hidden.body, [], 'a hidden email does not match');
    const assignable = await t.api('engineering', 'GET', '/rest/api/3/user/assignable/search?project=ENG');
    const ids = assignable.body.map((u: { accountId: string }) => u.accountId);
    assert.ok(!ids.includes(USERS.lena) && !ids.includes(USERS.jonas) && ids.includes(USERS.marcus));
    assert.equal((await t.api('engineering', 'GET', '/rest/api/3/user/assignable/search')).status, 400);
  });

  it('answers mypermissions for a project and refuses a missing or unknown key', async () => {
    const r = await t.api(
      'engineering',
      'GET',
      '/rest/api/3/mypermissions?projectKey=ENG&permissions=BROWSE_PROJECTS,CREATE_ISSUES,EDIT_ISSUES,TRANSITION_ISSUES,ADD_COMMENTS,MANAGE_WATCHERS,ASSIGN_ISSUES',
    );
    assert.equal(r.status, 200);
    assert.equal(Object.keys(r.body.permissions).length, 7);
    assert.equal(r.body.permissions.EDIT_ISSUES.havePermission, true);
    assert.equal(r.body.permissions.EDIT_ISSUES.id, '12');
    assert.equal((await t.api('engineering', 'GET', '/rest/api/3/mypermissions')).status, 400);
    assert.equal(
      (await t.api('engineering', 'GET', '/rest/api/3/mypermissions?permissions=FLY')).status,
      400,
    );
    assert.equal(
      (
        await t.api(
          'engineering',
          'GET',
          '/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS&projectKey=NOPE',
        )
      ).status,
      404,
    );
  });
});

describe('spec conformance', () => {
  it('every response above validated against the OpenAPI spec subset', () => {
    assert.ok(t.checked() > 60, `checked ${t.checked()} responses`);
    assert.deepEqual(t.problems, []);
  });
});
