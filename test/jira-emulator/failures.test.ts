// Each failure the engine turns into a troubleshooting entry is reproduced with Jira's status and
// exact body, and each can be fixed through the control API so that a retry succeeds.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { TestEmulator } from './test-support';
import { adf, startTestEmulator, SYNC_BOT, USERS } from './test-support';

let t: TestEmulator;
before(async () => {
  t = await startTestEmulator();
});
beforeEach(() => t.emulator.reset());
after(async () => {
  await t.emulator.close();
});

const NOT_ON_SCREEN = (id: string) =>
  `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`;

function engCreate(type: string, fields: Record<string, unknown>) {
  return t.api('engineering', 'POST', '/rest/api/3/issue', {
    fields: {
      project: { key: 'ENG' },
      issuetype: { name: type },
      summary: 'From SUP',
      priority: { name: 'P3' },
      customfield_20012: 'Impact',
      ...fields,
    },
  });
}

describe('screens and required fields', () => {
  it('refuses a field that is not on the create screen, naming it under errors', async () => {
    const r = await engCreate('Bug', { environment: adf('Safari 17') });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, { errorMessages: [], errors: { environment: NOT_ON_SCREEN('environment') } });
  });

  it('refuses an unknown field with the same message', async () => {
    const r = await engCreate('Task', { customfield_99999: 'x' });
    assert.deepEqual(r.body, {
      errorMessages: [],
      errors: { customfield_99999: NOT_ON_SCREEN('customfield_99999') },
    });
  });

  it('refuses a field on the create screen of one issue type but not of another', async () => {
    const r = await engCreate('Task', { customfield_20013: adf('Steps') });
    assert.deepEqual(r.body.errors, { customfield_20013: NOT_ON_SCREEN('customfield_20013') });
    assert.equal((await engCreate('Bug', { customfield_20013: adf('Steps') })).status, 201);
  });

  it('refuses a field that is on the edit screen only when editing would be fine', async () => {
    const created = await engCreate('Bug', {});
    const edit = await t.api('engineering', 'PUT', `/rest/api/3/issue/${created.body.key}`, {
      fields: { environment: adf('Safari') },
    });
    assert.equal(edit.status, 204);
    const notOnEdit = await t.api('engineering', 'PUT', `/rest/api/3/issue/${created.body.key}`, {
      fields: { customfield_20099: 'x' },
    });
    assert.deepEqual(notOnEdit.body.errors, { customfield_20099: NOT_ON_SCREEN('customfield_20099') });
  });

  it('reports every missing required field in one answer', async () => {
    const r = await t.api('engineering', 'POST', '/rest/api/3/issue', {
      fields: { project: { key: 'ENG' }, issuetype: { name: 'Bug' } },
    });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, {
      errorMessages: [],
      errors: {
        summary: 'You must specify a summary of the issue.',
        priority: 'Priority is required.',
        customfield_20012: 'Customer impact is required.',
      },
    });
  });

  it('refuses clearing a required field on edit', async () => {
    const r = await t.api('engineering', 'PUT', '/rest/api/3/issue/ENG-1', { fields: { priority: null } });
    assert.deepEqual(r.body, { errorMessages: [], errors: { priority: 'Priority is required.' } });
  });

  it('succeeds after a test adds the field to the screen through the control API', async () => {
    assert.equal((await engCreate('Bug', { environment: adf('x') })).status, 400);
    const fix = await t.control('POST', '/_emulator/sites/engineering/screens', {
      project: 'ENG',
      issueType: 'Bug',
      screen: 'create',
      add: ['environment'],
    });
    assert.equal(fix.status, 200);
    assert.equal((await engCreate('Bug', { environment: adf('x') })).status, 201);
  });

  it('refuses an unknown project and issue type', async () => {
    const project = await t.api('engineering', 'POST', '/rest/api/3/issue', {
      fields: { project: { key: 'NOPE' }, issuetype: { name: 'Bug' }, summary: 's' },
    });
    assert.deepEqual(project.body, {
      errorMessages: [],
      errors: { project: 'Specify a valid project ID or key' },
    });
    const type = await engCreate('Epic', {});
    assert.deepEqual(type.body, {
      errorMessages: [],
      errors: { issuetype: 'The issue type selected is invalid.' },
    });
  });
});

describe('rich text and values', () => {
  it('refuses a description that is not ADF', async () => {
    const r = await engCreate('Task', { description: 'plain *wiki* text' });
    assert.deepEqual(r.body, {
      errorMessages: [],
      errors: {
        description: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
      },
    });
    const badNode = await engCreate('Task', {
      description: { type: 'doc', version: 1, content: [{ type: 'nonsense' }] },
    });
    assert.equal(badNode.status, 400);
  });

  it('refuses a comment body that is not ADF', async () => {
    const r = await t.api('engineering', 'POST', '/rest/api/3/issue/ENG-1/comment', { body: 'plain text' });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, { errorMessages: [], errors: { comment: 'Comment body is not valid!' } });
  });

  it('refuses labels with spaces, an unknown priority and a wrong select option', async () => {
    const r = await engCreate('Bug', { labels: ['two words'], priority: { name: 'Urgent' } });
    assert.deepEqual(r.body.errors, {
      labels: "The label 'two words' contains spaces which is invalid.",
      priority: 'Specify a valid value for priority',
    });
    const edit = await t.api('engineering', 'PUT', '/rest/api/3/issue/ENG-1', { fields: { summary: '' } });
    assert.deepEqual(edit.body.errors, { summary: 'You must specify a summary of the issue.' });
  });
});

describe('values of other field types', () => {
  it('accepts a multi-user picker of known users and refuses a user picker value that is not a user', async () => {
    const ok = await t.api('support', 'PUT', '/rest/api/3/issue/SUP-1', {
      fields: { customfield_10043: [{ accountId: USERS.priya }, { accountId: USERS.aisha }] },
    });
    assert.equal(ok.status, 204);
    const bad = await t.api('engineering', 'POST', '/rest/api/3/issue', {
      fields: {
        project: { key: 'ENG' },
        issuetype: { name: 'Task' },
        summary: 's',
        priority: { name: 'P3' },
        customfield_20010: 'not-an-object',
      },
    });
    assert.deepEqual(bad.body.errors, {
      customfield_20010: "User 'not-an-object' was not found in the system.",
    });
  });

  it('refuses a field set in both fields and update', async () => {
    const r = await t.api('support', 'PUT', '/rest/api/3/issue/SUP-1', {
      fields: { labels: ['a'] },
      update: { labels: [{ add: 'b' }] },
    });
    assert.equal(r.status, 400);
    assert.deepEqual(Object.keys(r.body.errors), ['labels']);
  });

  it('refuses fields on a transition without a screen', async () => {
    const r = await t.api('engineering', 'POST', '/rest/api/3/issue/ENG-2/transitions', {
      transition: { id: '11' },
      fields: { summary: 'x' },
    });
    assert.deepEqual(r.body, { errorMessages: [], errors: { summary: NOT_ON_SCREEN('summary') } });
  });
});

describe('users', () => {
  const cannotAssign = (id: string) => ({
    errorMessages: [],
    errors: { assignee: `User '${id}' cannot be assigned issues.` },
  });

  it('refuses an assignee who is not assignable in the project, closed, or unknown on the site', async () => {
    for (const id of [USERS.lena, USERS.jonas, USERS.aisha]) {
      const r = await engCreate('Task', { assignee: { accountId: id } });
      assert.equal(r.status, 400);
      assert.deepEqual(r.body, cannotAssign(id));
    }
  });

  it('refuses an unknown user in a user picker', async () => {
    const r = await engCreate('Task', { customfield_20010: { accountId: USERS.aisha } });
    assert.deepEqual(r.body, {
      errorMessages: [],
      errors: { customfield_20010: `User '${USERS.aisha}' was not found in the system.` },
    });
  });

  it('refuses an unknown watcher with 404 and a closed one with 400', async () => {
    const unknown = await t.api('engineering', 'POST', '/rest/api/3/issue/ENG-1/watchers', USERS.aisha);
    assert.equal(unknown.status, 404);
    const closed = await t.api('engineering', 'POST', '/rest/api/3/issue/ENG-1/watchers', USERS.jonas);
    assert.equal(closed.status, 400);
  });

  it('accepts the assignee once a test grants ASSIGNABLE_USER through the control API', async () => {
    const config = (await t.control('GET', '/_emulator/sites/engineering/config')).body;
    const all: string[] = config.projects.ENG.permissions['*'];
    const patch = await t.control('PATCH', '/_emulator/sites/engineering/config', {
      projects: { ENG: { permissions: { [USERS.lena]: all } } },
    });
    assert.equal(patch.status, 200);
    assert.equal((await engCreate('Task', { assignee: { accountId: USERS.lena } })).status, 201);
  });
});

describe('workflows', () => {
  it('refuses a transition that does not start from the current status', async () => {
    const created = await engCreate('Task', {});
    const r = await t.api('engineering', 'POST', `/rest/api/3/issue/${created.body.key}/transitions`, {
      transition: { id: '61' },
    });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, {
      errorMessages: ["Transition id '61' is not valid for this issue."],
      errors: {},
    });
  });

  it('offers no transition into a status missing from the issue type workflow', async () => {
    const created = await engCreate('Task', {});
    const list = await t.api('engineering', 'GET', `/rest/api/3/issue/${created.body.key}/transitions`);
    assert.ok(!list.body.transitions.some((tr: { to: { name: string } }) => tr.to.name === 'Blocked'));
    const block = await t.api('engineering', 'POST', `/rest/api/3/issue/${created.body.key}/transitions`, {
      transition: { id: '41' },
    });
    assert.deepEqual(block.body, {
      errorMessages: ["Transition id '41' is not valid for this issue."],
      errors: {},
    });
  });

  it('refuses a request without a transition id', async () => {
    const r = await t.api('engineering', 'POST', '/rest/api/3/issue/ENG-1/transitions', {});
    assert.deepEqual(r.body, { errorMessages: ["Missing 'transition' identifier"], errors: {} });
  });
});

describe('permissions and missing issues', () => {
  const withoutPermission = async (permission: string) => {
    const config = (await t.control('GET', '/_emulator/sites/engineering/config')).body;
    const all: string[] = config.projects.ENG.permissions['*'];
    await t.control('PATCH', '/_emulator/sites/engineering/config', {
      projects: { ENG: { permissions: { [SYNC_BOT]: all.filter((p) => p !== permission) } } },
    });
  };

  it('answers 403 to an edit without EDIT_ISSUES', async () => {
    await withoutPermission('EDIT_ISSUES');
    const r = await t.api('engineering', 'PUT', '/rest/api/3/issue/ENG-1', { fields: { summary: 'x' } });
    assert.equal(r.status, 403);
    assert.deepEqual(r.body, {
      errorMessages: ['You do not have permission to edit issues in this project.'],
      errors: {},
    });
    const perms = await t.api(
      'engineering',
      'GET',
      '/rest/api/3/mypermissions?projectKey=ENG&permissions=EDIT_ISSUES',
    );
    assert.equal(perms.body.permissions.EDIT_ISSUES.havePermission, false);
  });

  it('refuses a create without CREATE_ISSUES under errors.project', async () => {
    await withoutPermission('CREATE_ISSUES');
    const r = await engCreate('Task', {});
    assert.deepEqual(r.body, {
      errorMessages: [],
      errors: { project: 'You do not have permission to create issues in this project.' },
    });
  });

  it('answers 403 to a comment without ADD_COMMENTS', async () => {
    await withoutPermission('ADD_COMMENTS');
    const r = await t.api('engineering', 'POST', '/rest/api/3/issue/ENG-1/comment', { body: adf('x') });
    assert.equal(r.status, 403);
  });

  it('hides every issue of a project without BROWSE_PROJECTS: 404 and no search hits', async () => {
    await withoutPermission('BROWSE_PROJECTS');
    const r = await t.api('engineering', 'GET', '/rest/api/3/issue/ENG-1');
    assert.equal(r.status, 404);
    const search = await t.api('engineering', 'POST', '/rest/api/3/search/jql', { jql: 'project = ENG' });
    assert.equal(search.status, 400, 'the project itself is not visible in JQL');
  });

  it("answers 404 with Jira's message for a missing issue on every issue endpoint", async () => {
    const calls: [string, string, unknown][] = [
      ['GET', '/rest/api/3/issue/ENG-999', undefined],
      ['PUT', '/rest/api/3/issue/ENG-999', { fields: { summary: 'x' } }],
      ['GET', '/rest/api/3/issue/ENG-999/transitions', undefined],
      ['POST', '/rest/api/3/issue/ENG-999/transitions', { transition: { id: '11' } }],
      ['GET', '/rest/api/3/issue/ENG-999/comment', undefined],
      ['POST', '/rest/api/3/issue/ENG-999/comment', { body: adf('x') }],
      ['GET', '/rest/api/3/issue/ENG-999/watchers', undefined],
      ['POST', '/rest/api/3/issue/ENG-999/watchers', USERS.marcus],
      ['GET', '/rest/api/3/issue/ENG-999/properties', undefined],
      ['PUT', '/rest/api/3/issue/ENG-999/properties/backbone.link', { v: 1 }],
      ['GET', '/rest/api/3/issue/ENG-999/editmeta', undefined],
      ['GET', '/rest/api/3/issue/99999', undefined],
    ];
    for (const [method, path, body] of calls) {
      const r = await t.api('engineering', method, path, body);
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.deepEqual(r.body, {
        errorMessages: ['Issue does not exist or you do not have permission to see it.'],
        errors: {},
      });
    }
  });
});

describe('spec conformance', () => {
  it('every error response above validated against the OpenAPI spec subset', () => {
    assert.deepEqual(t.problems, []);
  });
});
