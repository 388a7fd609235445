import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SyncConfig } from '../../server/src/config/model';
import { FieldCatalog } from '../../server/src/sync/field-catalog';
import { mapIssue, mappingFingerprint, sourceFieldsNeeded } from '../../server/src/sync/map';
import { exportJql, lookbackMinutes } from '../../server/src/sync/export';
import { MENTION_PLACEHOLDER, textToAdf } from '../../server/src/jira/adf';
import type { SourceIssue } from '../../server/src/sync/source-issue';

const catalog = new FieldCatalog(
  new Map([
    ['customfield_20010', { id: 'customfield_20010', kind: 'user' as const }],
    ['customfield_20011', { id: 'customfield_20011', kind: 'text' as const }],
    ['customfield_20013', { id: 'customfield_20013', kind: 'rich-text' as const }],
    ['customfield_20015', { id: 'customfield_20015', kind: 'option' as const }],
  ]),
);

function config(extra: Partial<SyncConfig> = {}): SyncConfig {
  return {
    version: 1,
    name: 'unit',
    sites: { a: { url: 'https://a.example' }, b: { url: 'https://b.example' } },
    source: { site: 'a', project: 'SUP' },
    target: { site: 'b', project: 'ENG' },
    fields: { summary: 'summary' },
    ...extra,
  };
}

const mention = { type: 'mention', attrs: { id: 'acc-1', text: '@Priya Raman' } };
const issue: SourceIssue = {
  id: '10001',
  key: 'SUP-1',
  fields: {
    summary: 'Invoice wrong',
    description: {
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Ask ' }, mention] }],
    },
    priority: { name: 'High', id: '2' },
    labels: ['billing', 'vip customer'],
    assignee: { accountId: 'acc-1', displayName: 'Priya Raman', emailAddress: 'priya@example.com' },
    reporter: { accountId: 'acc-2', displayName: 'Marcus Chen' },
    customfield_10041: 'Sev 2',
    customfield_10099: null,
    issuetype: { name: 'Service Request' },
    status: { name: 'Waiting' },
  },
  watchers: ['acc-2', 'acc-1'],
  comments: [
    {
      id: 'c1',
      authorAccountId: 'acc-2',
      body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [mention] }] },
    },
  ],
};

const ctx = (c: SyncConfig) => ({ config: c, target: catalog, fingerprint: mappingFingerprint(c) });

test('passthrough, correlate with default, prefix, issue types and statuses map as configured', () => {
  const c = config({
    fields: {
      summary: 'summary',
      priority: { target: 'priority', correlate: { Highest: 'P1', High: 'P2' }, default: 'P3' },
      labels: { target: 'labels', prefix: 'sup-' },
      customfield_10041: {
        target: 'customfield_20015',
        correlate: { 'Sev 1': 'S1 - Critical' },
        default: 'S3 - Minor',
      },
      customfield_10099: { target: 'customfield_20011', default: 'n/a' },
    },
    issueTypes: { 'Service Request': 'Task' },
    statuses: { Waiting: 'Blocked' },
  });
  const m = mapIssue(issue, ctx(c));
  assert.equal(m.issueType, 'Task');
  assert.equal(m.status, 'Blocked');
  assert.deepEqual(m.fields, {
    summary: 'Invoice wrong',
    priority: { name: 'P2' },
    labels: ['sup-billing', 'sup-vip_customer'],
    customfield_20015: { value: 'S3 - Minor' },
    customfield_20011: 'n/a',
  });
});

test('rich text is ADF; with exchange: false mentions become a neutral placeholder and no user field is sent', () => {
  const c = config({
    personalData: { exchange: false },
    fields: {
      summary: 'summary',
      description: 'description',
      assignee: 'assignee',
      reporter: { target: 'customfield_20011', as: 'text' },
    },
    comments: { sync: true },
  });
  const m = mapIssue(issue, ctx(c));
  assert.deepEqual(Object.keys(m.fields).sort(), ['description', 'summary']);
  const text = JSON.stringify(m.fields.description);
  assert.doesNotMatch(text, /Priya|acc-1|mention/);
  assert.match(text, new RegExp(MENTION_PLACEHOLDER));
  const comment = JSON.stringify(m.comments[0]?.body);
  assert.doesNotMatch(comment, /Priya|acc-1|acc-2|mention/, 'no author attribution, no mention');
  assert.equal(m.comments[0]?.authorAccountId, null);
});

test('with exchange: true users map by account ID, as: text copies the name, comments name their author by account ID', () => {
  const c = config({
    personalData: { exchange: true },
    fields: {
      summary: 'summary',
      assignee: 'assignee',
      reporter: { target: 'customfield_20011', as: 'text' },
      watchers: 'watchers',
      description: { target: 'customfield_20013' },
    },
    comments: { sync: true },
  });
  const m = mapIssue(issue, ctx(c));
  assert.deepEqual(m.fields.assignee, { accountId: 'acc-1' });
  assert.deepEqual(m.userFields.get('assignee'), ['acc-1']);
  assert.equal(m.fields.customfield_20011, 'Marcus Chen');
  assert.deepEqual(m.watchers, ['acc-1', 'acc-2']);
  const body = JSON.stringify(m.comments[0]?.body);
  assert.match(body, /"id":"acc-2"/);
  assert.doesNotMatch(body, /Priya Raman/, 'mentions keep the account ID only');
  assert.equal((m.fields.customfield_20013 as { type: string }).type, 'doc');
});

test('the payload hash changes with the mapped values and with the mapping, not otherwise', () => {
  const c = config({ fields: { summary: 'summary', labels: 'labels' } });
  const a = mapIssue(issue, ctx(c));
  const same = mapIssue({ ...issue, fields: { ...issue.fields, customfield_10041: 'other' } }, ctx(c));
  assert.equal(a.hash, same.hash, 'an unmapped field does not count');
  const changed = mapIssue({ ...issue, fields: { ...issue.fields, summary: 'New' } }, ctx(c));
  assert.notEqual(a.hash, changed.hash);
  const otherMapping = config({ fields: { summary: 'summary', labels: { target: 'labels', prefix: 'x-' } } });
  assert.notEqual(a.hash, mapIssue(issue, ctx(otherMapping)).hash);
});

test('the export names its fields and puts the user JQL in parentheses with a relative window of at least 2 minutes', () => {
  const c = config({
    source: { site: 'a', project: 'SUP', jql: 'labels = escalated OR priority = High' },
    comments: { sync: true },
  });
  assert.equal(
    exportJql(c, null),
    'project = "SUP" AND (labels = escalated OR priority = High) ORDER BY id ASC',
  );
  assert.equal(
    exportJql(c, 7),
    'project = "SUP" AND (labels = escalated OR priority = High) AND updated >= -7m ORDER BY id ASC',
  );
  assert.equal(lookbackMinutes(null, new Date()), null);
  const now = new Date('2026-01-01T12:00:00Z');
  assert.equal(lookbackMinutes(new Date('2026-01-01T11:59:30Z'), now), 3);
  assert.equal(lookbackMinutes(new Date('2026-01-01T11:00:00Z'), now), 62);
  assert.deepEqual(sourceFieldsNeeded(c).sort(), ['comment', 'issuetype', 'status', 'summary', 'updated']);
  assert.equal(textToAdf('a\nb').content?.length, 2);
});
