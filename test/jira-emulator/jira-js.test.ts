// jira.js 6, unmodified and with onSchemaMismatch 'throw', runs every method the engine uses against
// the emulator; its errors carry Jira's status and body for each failure mode.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiError, createCloudClient, RateLimitError } from 'jira.js';
import type { TestEmulator } from './test-support';
import { adf, startTestEmulator, SYNC_BOT, TOKENS, USERS } from './test-support';

let t: TestEmulator;
let eng: ReturnType<typeof createCloudClient>;
let sup: ReturnType<typeof createCloudClient>;

function client(site: string, token = TOKENS[site] as string) {
  return createCloudClient({
    host: t.emulator.siteUrl(site),
    auth: { type: 'basic', email: 'sync-bot@example.com', apiToken: token },
    onSchemaMismatch: 'throw',
  });
}

before(async () => {
  t = await startTestEmulator();
  eng = client('engineering');
  sup = client('support');
});
after(async () => {
  await t.emulator.close();
});

/** The ApiError a call rejects with (jira.js puts Jira's parsed body on `body`). */
async function failure(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  assert.fail('expected the call to fail');
}

describe('jira.js against the emulator', () => {
  it('reads serverInfo, myself, a user, user search and assignable search', async () => {
    assert.equal((await sup.serverInfo.getServerInfo()).deploymentType, 'Cloud');
    assert.equal((await sup.myself.getCurrentUser()).accountId, SYNC_BOT);
    assert.equal((await sup.users.getUser({ accountId: USERS.priya })).displayName, 'Priya Raman');
    assert.equal((await sup.userSearch.findUsers({ query: 'marcus' }))[0]?.accountId, USERS.marcus);
    const assignable = await eng.userSearch.findAssignableUsers({ project: 'ENG', query: 'lena' });
    assert.deepEqual(assignable, []);
  });

  it('searches with token paging, fields and properties, and counts', async () => {
    const seen: string[] = [];
    let nextPageToken: string | undefined;
    do {
      const page = await sup.issueSearch.searchAndReconsileIssuesUsingJqlPost({
        jql: 'project = SUP AND updated >= -60d',
        fields: ['summary', 'status', 'updated'],
        properties: ['backbone.link'],
        maxResults: 10,
        nextPageToken,
      });
      for (const issue of page.issues ?? []) seen.push(issue.key as string);
      nextPageToken = page.isLast ? undefined : (page.nextPageToken ?? undefined);
    } while (nextPageToken);
    assert.equal(seen.length, 30);
    const get = await sup.issueSearch.searchAndReconsileIssuesUsingJql({
      jql: 'key = SUP-1',
      fields: ['summary', 'assignee'],
    });
    assert.equal(get.issues?.[0]?.fields?.assignee.accountId, USERS.marcus);
    assert.equal((await sup.issueSearch.countIssues({ jql: 'project = SUP' })).count, 30);
  });

  it('reads fields, permissions, project, createmeta and editmeta', async () => {
    const fields = await eng.issueFields.getFields();
    const picker = fields.find((f) => f.id === 'customfield_20010');
    assert.equal(
      picker?.schema?.custom,
      'com.atlassian.jira.plugin.system.customfieldtypes:userpicker',
      JSON.stringify(picker),
    );
    const perms = await eng.permissions.getMyPermissions({
      projectKey: 'ENG',
      permissions:
        'BROWSE_PROJECTS,CREATE_ISSUES,EDIT_ISSUES,TRANSITION_ISSUES,ADD_COMMENTS,MANAGE_WATCHERS,ASSIGN_ISSUES',
    });
    assert.ok(Object.values(perms.permissions ?? {}).every((p) => p.havePermission));
    assert.equal((await eng.projects.getProject({ projectIdOrKey: 'ENG' })).name, 'Engineering');
    const types = await eng.issues.getCreateIssueMetaIssueTypes({ projectIdOrKey: 'ENG' });
    const bug = types.issueTypes?.find((x) => x.name === 'Bug');
    const meta = await eng.issues.getCreateIssueMetaIssueTypeId({
      projectIdOrKey: 'ENG',
      issueTypeId: bug?.id as string,
    });
    assert.ok(meta.fields?.some((f) => f.fieldId === 'customfield_20012' && f.required));
    const edit = await eng.issues.getEditIssueMeta({ issueIdOrKey: 'ENG-1' });
    assert.ok(edit.fields && 'customfield_20014' in edit.fields);
  });

  it('creates with the link property in the create call, edits, transitions, comments and watches', async () => {
    const created = await eng.issues.createIssue({
      fields: {
        project: { key: 'ENG' },
        issuetype: { name: 'Bug' },
        summary: 'Invoice PDF shows wrong VAT rate',
        description: adf('Synced from SUP-1'),
        priority: { name: 'P2' },
        labels: ['sup-billing'],
        assignee: { accountId: USERS.marcus },
        customfield_20010: { accountId: USERS.priya },
        customfield_20012: '12 customers',
      },
      properties: [
        { key: 'backbone.link', value: { v: 1, sync: 'demo', sourceIssueId: '10000', sourceKey: 'SUP-1' } },
      ],
    });
    const key = created.key as string;
    assert.match(key, /^ENG-\d+$/);
    const link = await eng.issueProperties.getIssueProperty({
      issueIdOrKey: key,
      propertyKey: 'backbone.link',
    });
    assert.equal((link.value as { sourceKey: string }).sourceKey, 'SUP-1');
    assert.deepEqual(
      (await eng.issueProperties.getIssuePropertyKeys({ issueIdOrKey: key })).keys?.map((k) => k.key),
      ['backbone.link'],
    );
    await eng.issueProperties.setIssueProperty({
      issueIdOrKey: key,
      propertyKey: 'demo.extra',
      body: { a: 1 },
    });
    await eng.issueProperties.deleteIssueProperty({ issueIdOrKey: key, propertyKey: 'demo.extra' });

    await eng.issues.editIssue({ issueIdOrKey: key, fields: { summary: 'Edited by jira.js' } });
    const issue = await eng.issues.getIssue({ issueIdOrKey: key, fields: ['summary', 'status'] });
    assert.equal(issue.fields?.summary, 'Edited by jira.js');

    const transitions = await eng.issues.getTransitions({ issueIdOrKey: key });
    const start = transitions.transitions?.find((x) => x.to?.name === 'In Progress');
    await eng.issues.doTransition({ issueIdOrKey: key, transition: { id: start?.id as string } });
    assert.equal(
      (await eng.issues.getIssue({ issueIdOrKey: key, fields: ['status'] })).fields?.status.name,
      'In Progress',
    );

    const comment = await eng.issueComments.addComment({
      issueIdOrKey: key,
      body: adf('A synced comment'),
      properties: [{ key: 'backbone.comment', value: { v: 1, sourceCommentId: '10000' } }],
    });
    const commentId = comment.id as string;
    assert.equal((await eng.issueComments.getComments({ issueIdOrKey: key })).total, 1);
    await eng.issueComments.updateComment({
      issueIdOrKey: key,
      id: commentId,
      body: { body: adf('Edited comment') },
    });
    assert.deepEqual(
      (await eng.issueCommentProperties.getCommentPropertyKeys({ commentId })).keys?.map((k) => k.key),
      ['backbone.comment'],
    );
    const byIds = await eng.issueComments.getCommentsByIds({
      ids: [Number(commentId)],
      expand: 'properties',
    });
    assert.equal(byIds.values?.[0]?.properties?.[0]?.key, 'backbone.comment');
    await eng.issueCommentProperties.setCommentProperty({ commentId, propertyKey: 'demo.c', body: { n: 2 } });
    assert.deepEqual(
      (await eng.issueCommentProperties.getCommentProperty({ commentId, propertyKey: 'demo.c' })).value,
      { n: 2 },
    );

    // Jira takes the account ID as a bare JSON string; jira.js types the body as an object.
    await eng.issueWatchers.addWatcher({ issueIdOrKey: key, body: USERS.tom as never });
    const watchers = await eng.issueWatchers.getIssueWatchers({ issueIdOrKey: key });
    assert.deepEqual(
      watchers.watchers?.map((w) => w.accountId),
      [SYNC_BOT, USERS.tom],
    );
    await eng.issueWatchers.removeWatcher({ issueIdOrKey: key, accountId: USERS.tom });
    assert.equal((await eng.issueWatchers.getIssueWatchers({ issueIdOrKey: key })).watchCount, 1);
  });

  it('bulk-creates issues', async () => {
    const result = await eng.issues.createIssues({
      issueUpdates: [
        {
          fields: {
            project: { key: 'ENG' },
            issuetype: { name: 'Task' },
            summary: 'Bulk A',
            priority: { name: 'P3' },
          },
        },
        {
          fields: {
            project: { key: 'ENG' },
            issuetype: { name: 'Task' },
            summary: 'Bulk B',
            priority: { name: 'P4' },
          },
        },
      ],
    });
    assert.equal(result.issues?.length, 2);
    assert.deepEqual(result.errors, []);
  });
});

describe('jira.js errors carry Jira status and body', () => {
  const create = (fields: Record<string, unknown>) =>
    eng.issues.createIssue({
      fields: {
        project: { key: 'ENG' },
        issuetype: { name: 'Task' },
        summary: 'x',
        priority: { name: 'P3' },
        ...fields,
      },
    });

  it('field not on screen, required field, user not assignable', async () => {
    const screen = await failure(create({ customfield_20013: adf('Steps') }));
    assert.equal(screen.status, 400);
    assert.deepEqual(screen.body, {
      errorMessages: [],
      errors: {
        customfield_20013:
          "Field 'customfield_20013' cannot be set. It is not on the appropriate screen, or unknown.",
      },
    });
    const required = await failure(create({ priority: undefined }));
    assert.deepEqual(required.body, { errorMessages: [], errors: { priority: 'Priority is required.' } });
    const user = await failure(create({ assignee: { accountId: USERS.lena } }));
    assert.deepEqual(user.body, {
      errorMessages: [],
      errors: { assignee: `User '${USERS.lena}' cannot be assigned issues.` },
    });
  });

  it('invalid transition, missing issue, wrong token, removed search', async () => {
    const transition = await failure(
      eng.issues.doTransition({ issueIdOrKey: 'ENG-1', transition: { id: '999' } }),
    );
    assert.deepEqual(transition.body, {
      errorMessages: ["Transition id '999' is not valid for this issue."],
      errors: {},
    });
    const missing = await failure(eng.issues.getIssue({ issueIdOrKey: 'ENG-404' }));
    assert.equal(missing.status, 404);
    const auth = await failure(client('engineering', 'wrong').myself.getCurrentUser());
    assert.equal(auth.status, 401);
    assert.equal(auth.body, 'Client must be authenticated to access this resource.');
  });

  it('a string description goes to /rest/api/2 in jira.js, and the emulator rejects it', async () => {
    const v2 = await failure(create({ description: 'plain text' }));
    assert.equal(v2.status, 400);
    const log = t.emulator.requests('engineering');
    assert.equal(log.at(-1)?.path, '/rest/api/2/issue');
  });

  it('429 becomes a RateLimitError with retryAfterMs from Retry-After', async () => {
    t.emulator.setFaults({ rules: [{ kind: 'rate-limit', count: 1, retryAfterSeconds: 2 }] });
    const limited = await failure(eng.myself.getCurrentUser());
    assert.ok(limited instanceof RateLimitError);
    assert.equal(limited.retryAfterMs, 2000);
    t.emulator.setFaults({});
  });
});

describe('spec conformance', () => {
  it('every response jira.js received validated against the OpenAPI spec subset', () => {
    assert.deepEqual(t.problems, []);
  });
});
