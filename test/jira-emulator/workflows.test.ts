// The endpoints a sync user reads to learn workflows answer with Jira Cloud's shapes (every response is checked
// against the copied spec), jira.js reads them with onSchemaMismatch 'throw', and workflow search and workflow
// scheme associations need the Administer Jira global permission, as in Jira.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCloudClient } from 'jira.js';
import { loadSeed } from './seed-loader';
import type { TestEmulator } from './test-support';
import { startTestEmulator, TOKENS, USERS } from './test-support';

/** Priya can log in to engineering (she browses ENG) but holds no global permission. */
const PRIYA = { email: 'priya.raman@example.com', token: 'priya-engineering-token' };

let t: TestEmulator;
before(async () => {
  const seed = loadSeed('demo.json');
  const engineering = seed.sites.engineering;
  const priya = engineering?.users[USERS.priya];
  assert.ok(priya, 'the demo seed has Priya on engineering');
  priya.apiToken = PRIYA.token;
  PRIYA.email = priya.email;
  t = await startTestEmulator(seed);
});
after(async () => {
  await t.emulator.close();
});

function client(site: string, auth = { email: 'sync-bot@example.com', token: TOKENS[site] as string }) {
  return createCloudClient({
    host: t.emulator.siteUrl(site),
    auth: { type: 'basic', email: auth.email, apiToken: auth.token },
    onSchemaMismatch: 'throw',
  });
}

describe('statuses a project user can read', () => {
  it('lists the statuses of each issue type of a project, in the workflow of that type', async () => {
    const r = await t.api('engineering', 'GET', '/rest/api/3/project/ENG/statuses');
    assert.equal(r.status, 200);
    const byType = Object.fromEntries(
      r.body.map((type: { name: string; statuses: { name: string }[] }) => [
        type.name,
        type.statuses.map((s) => s.name),
      ]),
    );
    assert.deepEqual(byType.Bug, ['To Do', 'In Progress', 'In Review', 'Blocked', 'Done']);
    assert.deepEqual(byType.Task, ['To Do', 'In Progress', 'Done']);
    assert.equal((await t.api('engineering', 'GET', '/rest/api/3/project/NOPE/statuses')).status, 404);
  });

  it('lists the statuses of the active workflows of the site', async () => {
    const r = await t.api('support', 'GET', '/rest/api/3/status');
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.map((s: { name: string }) => s.name),
      ['Open', 'In Progress', 'Waiting for Customer', 'Resolved', 'Closed'],
    );
    assert.equal(r.body[0].statusCategory.key, 'new');
  });
});

describe('the workflow graph (Administer Jira)', () => {
  it('maps each issue type of a project to a workflow through its workflow scheme', async () => {
    const r = await t.api('engineering', 'GET', '/rest/api/3/workflowscheme/project?projectId=10100');
    assert.equal(r.status, 200);
    const scheme = r.body.values[0].workflowScheme;
    assert.deepEqual(r.body.values[0].projectIds, ['10100']);
    assert.equal(scheme.defaultWorkflow, 'ENG: Default workflow');
    assert.deepEqual(Object.values(scheme.issueTypeMappings), ['ENG: Bug workflow']);
    const none = await t.api('engineering', 'GET', '/rest/api/3/workflowscheme/project');
    assert.equal(none.status, 400);
    assert.equal(none.body.errors.projectId, 'The ID of a project has to be provided.');
  });

  it('returns workflows with transitions (initial, global, directed) and statuses by status id', async () => {
    const r = await t.api(
      'engineering',
      'GET',
      `/rest/api/3/workflow/search?workflowName=${encodeURIComponent('ENG: Bug workflow')}&expand=transitions,statuses`,
    );
    assert.equal(r.status, 200);
    assert.equal(r.body.total, 1);
    const workflow = r.body.values[0];
    const ids = Object.fromEntries(
      workflow.statuses.map((s: { id: string; name: string }) => [s.name, s.id]),
    );
    const create = workflow.transitions.find((x: { type: string }) => x.type === 'initial');
    assert.deepEqual(create.from, []);
    assert.equal(create.to, ids['To Do']);
    const done = workflow.transitions.find((x: { name: string }) => x.name === 'Done');
    assert.equal(done.type, 'global');
    assert.deepEqual(done.from, []);
    const review = workflow.transitions.find((x: { name: string }) => x.name === 'Send to review');
    assert.deepEqual(review, {
      id: '21',
      name: 'Send to review',
      description: '',
      from: [ids['In Progress']],
      to: ids['In Review'],
      type: 'directed',
    });
    const bare = await t.api('engineering', 'GET', '/rest/api/3/workflow/search');
    assert.equal(bare.body.values[0].transitions, undefined, 'transitions only with expand');
  });

  it('answers 403 to a user without Administer Jira, who still reads the statuses per issue type', async () => {
    const search = await t.api('engineering', 'GET', '/rest/api/3/workflow/search', undefined, PRIYA);
    assert.equal(search.status, 403);
    assert.deepEqual(search.body, {
      errorMessages: ['Only Jira administrators can access workflows.'],
      errors: {},
    });
    const schemes = await t.api(
      'engineering',
      'GET',
      '/rest/api/3/workflowscheme/project?projectId=10100',
      undefined,
      PRIYA,
    );
    assert.equal(schemes.status, 403);
    const statuses = await t.api('engineering', 'GET', '/rest/api/3/project/ENG/statuses', undefined, PRIYA);
    assert.equal(statuses.status, 200);
  });
});

describe('bulk get workflows (POST /rest/api/3/workflows, the successor of workflow search)', () => {
  it('returns the workflow of a project and issue type, with transition links by status reference', async () => {
    const r = await t.api('engineering', 'POST', '/rest/api/3/workflows', {
      projectAndIssueTypes: [{ projectId: '10100', issueTypeId: '10104' }],
    });
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.workflows.map((w: { name: string }) => w.name),
      ['ENG: Bug workflow'],
    );
    const ids = Object.fromEntries(r.body.statuses.map((s: { id: string; name: string }) => [s.name, s.id]));
    const transitions = r.body.workflows[0].transitions;
    const initial = transitions.find((x: { type: string }) => x.type === 'INITIAL');
    assert.equal(initial.toStatusReference, ids['To Do']);
    const review = transitions.find((x: { name: string }) => x.name === 'Send to review');
    assert.deepEqual(review.links, [{ fromStatusReference: ids['In Progress'] }]);
    assert.equal(transitions.find((x: { name: string }) => x.name === 'Done').type, 'GLOBAL');
    const denied = await t.api('engineering', 'POST', '/rest/api/3/workflows', {}, PRIYA);
    assert.equal(denied.status, 403);
  });
});

describe('jira.js reads them with onSchemaMismatch throw', () => {
  it('projects.getAllStatuses, workflowStatuses.getStatuses, workflowSchemeProjectAssociations', async () => {
    const eng = client('engineering');
    const types = await eng.projects.getAllStatuses({ projectIdOrKey: 'ENG' });
    assert.ok(types.some((type) => type.name === 'Bug' && type.statuses.some((s) => s.name === 'In Review')));
    const statuses = await eng.workflowStatuses.getStatuses();
    assert.ok(statuses.some((s) => s.name === 'Blocked'));
    const schemes = await eng.workflowSchemeProjectAssociations.getWorkflowSchemeProjectAssociations({
      projectId: [10100],
    });
    assert.equal(schemes.values[0]?.workflowScheme?.defaultWorkflow, 'ENG: Default workflow');
    const read = await eng.workflows.readWorkflows({
      projectAndIssueTypes: [{ projectId: '10100', issueTypeId: '10104' }],
    });
    assert.equal(read.workflows?.[0]?.name, 'ENG: Bug workflow');
    const denied = client('engineering', PRIYA);
    await assert.rejects(
      denied.workflowSchemeProjectAssociations.getWorkflowSchemeProjectAssociations({ projectId: [10100] }),
      (error: { status?: number }) => error.status === 403,
    );
  });
});

describe('spec conformance', () => {
  it('every response above validated against the OpenAPI spec subset', () => {
    assert.ok(t.checked() > 8, `checked ${t.checked()} responses`);
    assert.deepEqual(t.problems, []);
  });
});
