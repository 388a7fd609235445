// Completion at every context of issue 3: the caret `|` marks the cursor; each test asserts the labels, kinds
// and the exact text inserted (with the indentation the document needs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletionItemKind, InsertTextMode } from 'vscode-languageserver-types';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import { ConfigText } from '../../server/src/language/config-text';
import { complete } from '../../server/src/language/completion';

function at(source: string): { items: CompletionItem[]; text: string; line: number } {
  const caret = source.indexOf('|');
  assert.ok(caret >= 0, 'the test text needs a | caret');
  const text = source.slice(0, caret) + source.slice(caret + 1);
  const before = text.slice(0, caret).split('\n');
  const position = { line: before.length - 1, character: before[before.length - 1]!.length };
  return {
    items: complete(new ConfigText('file:///t.sync.yaml', 1, text), position).items,
    text,
    line: position.line,
  };
}

function item(items: CompletionItem[], label: string): CompletionItem {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `no item ${label} in ${items.map((i) => i.label).join(', ')}`);
  return found;
}

function edit(i: CompletionItem): TextEdit {
  return i.textEdit as TextEdit;
}

/** Applies an item's edit to the text and returns the result with snippet syntax left in. */
function applied(text: string, i: CompletionItem): string {
  const e = edit(i);
  const lines = text.split('\n');
  const line = lines[e.range.start.line]!;
  lines[e.range.start.line] =
    line.slice(0, e.range.start.character) + e.newText + line.slice(e.range.end.character);
  return lines.join('\n');
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);

test('an empty document offers the whole sync skeleton as a snippet, inserted as is', () => {
  const { items, text } = at('|');
  const skeleton = item(items, 'New sync');
  assert.equal(skeleton.kind, CompletionItemKind.Snippet);
  assert.equal(skeleton.insertTextMode, InsertTextMode.asIs);
  assert.match(
    applied(text, skeleton),
    /^version: 1\nname: \$\{1:support-to-engineering\}\nsites:\n {2}\$\{2:support\}:\n {4}url: /,
  );
  assert.match(edit(skeleton).newText, /token: "\\\$\{env:\$\{5:SUPPORT_JIRA_TOKEN\}\}"/);
  assert.ok(labels(items).includes('version'));
});

test('an empty line at the top level offers the keys not yet present, with their documentation', () => {
  const { items } = at('version: 1\nname: x\n|\nfields:\n  summary: summary\n');
  assert.deepEqual(labels(items).sort(), [
    'attachments',
    'comments',
    'issueTypes',
    'link',
    'personalData',
    'sites',
    'source',
    'statuses',
    'target',
  ]);
  const sites = item(items, 'sites');
  assert.equal(sites.kind, CompletionItemKind.Property);
  assert.match((sites.documentation as { value: string }).value, /Jira Cloud sites/);
  assert.ok(!labels(items).includes('New sync'), 'the skeleton is only for an empty document');
});

test('a half-typed key with no colon is replaced by the key and its required children, indented', () => {
  const { items, text } = at('version: 1\nsou|');
  const source = item(items, 'source');
  assert.equal(source.insertTextMode, InsertTextMode.asIs);
  assert.equal(applied(text, source), 'version: 1\nsource:\n  site: $1\n  project: $2');
});

test('object keys nested two levels deep keep the document indentation (4-space documents too)', () => {
  const { items, text } = at('version: 1\nfields:\n    priority:\n        target: priority\n        corr|');
  const correlate = item(items, 'correlate');
  assert.equal(
    applied(text, correlate),
    'version: 1\nfields:\n    priority:\n        target: priority\n        correlate:\n            $0',
  );
  assert.deepEqual(labels(items).sort(), ['as', 'correlate', 'default', 'direction', 'prefix']);
});

test('a key with an enum inserts a choice of its values; booleans offer false first', () => {
  const { items } = at('personalData:\n  exchange: true\n  |');
  assert.equal(edit(item(items, 'users')).newText, 'users: ${1|account-id,email|}');
  assert.deepEqual(labels(items).sort(), ['fallbackUser', 'retentionDays', 'users']);
  const comments = at('comments:\n  |').items;
  assert.equal(edit(item(comments, 'sync')).newText, 'sync: ${1|false,true|}');
});

test('a value after `users: ` offers its two values as enum members', () => {
  const { items } = at('personalData:\n  users: |');
  assert.deepEqual(labels(items), ['account-id', 'email']);
  assert.equal(item(items, 'email').kind, CompletionItemKind.EnumMember);
  assert.equal(edit(item(items, 'email')).newText, 'email');
});

test('a trailing `:` with no space gets values that start with a space', () => {
  const { items, text } = at('fields:\n  priority:\n    direction:|');
  assert.deepEqual(labels(items), ['source-to-target', 'target-to-source', 'both']);
  assert.equal(applied(text, item(items, 'both')), 'fields:\n  priority:\n    direction: both');
});

test('a half-typed value is replaced whole', () => {
  const { items, text } = at('personalData:\n  users: acc|');
  assert.equal(applied(text, item(items, 'account-id')), 'personalData:\n  users: account-id');
});

test('`site:` proposes the names declared under `sites` (block and flow)', () => {
  const config = 'sites:\n  support:\n    url: x\n  partner: { url: y }\nsource:\n  site: |';
  const { items } = at(config);
  assert.deepEqual(labels(items), ['support', 'partner']);
  assert.equal(item(items, 'partner').kind, CompletionItemKind.Reference);
  const flow = at('sites: { a: { url: x }, b: { url: y } }\ntarget: { site: |, project: ENG }').items;
  assert.deepEqual(labels(flow), ['a', 'b']);
});

test('inside a flow mapping: keys not present yet, and values of the key before the cursor', () => {
  const keys = at('sites:\n  s: { url: x }\nsource: { site: s, | }').items;
  assert.deepEqual(labels(keys).sort(), ['jql', 'project']);
  assert.equal(edit(item(keys, 'project')).newText, 'project: $1');
  const nested = at('sites:\n  a:\n    url: x\n    auth: { email: x, to| }').items;
  assert.deepEqual(labels(nested), ['token']);
  const mapping = at('fields:\n  priority: { target: priority, | }').items;
  assert.deepEqual(labels(mapping).sort(), ['as', 'correlate', 'default', 'direction', 'prefix']);
  assert.equal(edit(item(mapping, 'correlate')).newText, 'correlate: { $1 }');
  const value = at('fields:\n  priority: { target: priority, direction: |}').items;
  assert.deepEqual(labels(value), ['source-to-target', 'target-to-source', 'both']);
});

test('inside `fields:` the keys are source field ids with name and personal data in the detail', () => {
  const { items, text } = at('fields:\n  summary: summary\n  ass|');
  assert.ok(!labels(items).includes('summary'), 'present source fields are not offered again');
  const assignee = item(items, 'assignee');
  assert.equal(assignee.kind, CompletionItemKind.Field);
  assert.equal(assignee.detail, 'Assignee · personal data');
  assert.equal(item(items, 'priority').detail, 'Priority');
  assert.equal(applied(text, assignee), 'fields:\n  summary: summary\n  assignee: ${1:assignee}');
  assert.ok(labels(items).includes('creator'), 'creator can be a source');
  const flow = at('fields: { summary: summary, | }').items;
  assert.ok(!labels(flow).includes('summary'));
  assert.equal(edit(item(flow, 'labels')).newText, 'labels: ${1:labels}');
});

test('inside `fields:` the values are target field ids, the same field first, never source-only fields', () => {
  const { items } = at('fields:\n  reporter: |');
  assert.ok(!labels(items).includes('creator'));
  assert.equal(item(items, 'reporter').sortText?.[0], '0');
  assert.equal(item(items, 'watchers').detail, 'Watchers · personal data');
  const objectForm = at('fields:\n  reporter: { target: cust| }').items;
  assert.ok(labels(objectForm).includes('summary'));
  const block = at('fields:\n  reporter:\n    target: |').items;
  assert.ok(labels(block).includes('assignee'));
});

test('a field mapping with `correlate` is offered as a snippet under `fields`, indented for its column', () => {
  const { items, text } = at('fields:\n  summary: summary\n  |');
  const snippet = item(items, 'Field mapping with correlate');
  assert.equal(snippet.insertTextMode, InsertTextMode.asIs);
  assert.equal(
    applied(text, snippet),
    'fields:\n  summary: summary\n  ${1:priority}:\n    target: ${2:priority}\n    correlate:\n      ${3:Highest}: ${4:P1}\n    default: ${5:P3}',
  );
});

test('a site block is offered as a snippet under `sites`', () => {
  const { items, text } = at('version: 1\nsites:\n  |');
  const site = item(items, 'Site');
  assert.equal(
    applied(text, site),
    'version: 1\nsites:\n  ${1:partner}:\n    url: ${2:https://partner.atlassian.net}\n    auth:\n      email: ${3:sync-bot@acme.com}\n      token: "\\${env:${4:PARTNER_JIRA_TOKEN}}"\n    underYourControl: ${5|false,true|}',
  );
});

test('snippets follow a 4-space document and the column of the cursor', () => {
  const { items, text } = at('version: 1\nsites:\n    support:\n        url: x\n    |');
  assert.equal(
    applied(text, item(items, 'Site')).split('\n').slice(4).join('\n'),
    '    ${1:partner}:\n        url: ${2:https://partner.atlassian.net}\n        auth:\n            email: ${3:sync-bot@acme.com}\n            token: "\\${env:${4:PARTNER_JIRA_TOKEN}}"\n        underYourControl: ${5|false,true|}',
  );
});

test('inside `issueTypes` and `statuses`: source names as keys, target names as values', () => {
  const keys = at('issueTypes:\n  Bug: Bug\n  |').items;
  assert.ok(!labels(keys).includes('Bug'));
  assert.equal(edit(item(keys, 'Service Request')).newText, 'Service Request: ${1:Service Request}');
  const values = at('statuses:\n  Open: |').items;
  assert.ok(labels(values).includes('To Do'));
  assert.equal(item(values, 'To Do').detail, 'target status');
  const flow = at('statuses: { Open: To Do, Resolved: D| }').items;
  assert.ok(labels(flow).includes('Done'));
});

test('values that YAML would misread are quoted: env references, booleans-as-text, numbers', () => {
  const url = at('sites:\n  s:\n    url: |').items;
  assert.equal(edit(item(url, '${env:JIRA_URL}')).newText, '"${env:JIRA_URL}"');
  const version = at('version: |').items;
  assert.deepEqual(labels(version), ['1']);
});

test('the blank line under a key completes in the mapping given by the cursor column', () => {
  const deep = at('personalData:\n  exchange: true\n  |').items;
  assert.ok(labels(deep).includes('users'));
  const top = at('personalData:\n  exchange: true\n|').items;
  assert.ok(labels(top).includes('fields'));
  assert.ok(!labels(top).includes('personalData'));
});

test('no completion inside comments or block scalars', () => {
  assert.deepEqual(at('# a comm|ent\nversion: 1').items, []);
  assert.deepEqual(at('source:\n  jql: >\n    labels = |').items, []);
});

test('the name of an existing key is replaced by the name only', () => {
  const { items, text } = at('personalData:\n  us|ers: email');
  assert.equal(applied(text, item(items, 'users')), 'personalData:\n  users: email');
});
