// Read endpoints, auth and errors answer with Jira Cloud's shapes: each response is validated against
// Atlassian's OpenAPI spec (spec-check.ts) and the key facts are asserted here. Writes: endpoints-write.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestEmulator } from './test-support';
import { startTestEmulator, SYNC_BOT, USERS } from './test-support';

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
    assert.ok(t.checked() > 20, `checked ${t.checked()} responses`);
    assert.deepEqual(t.problems, []);
  });
});
