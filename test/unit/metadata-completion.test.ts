// Completion and hover from the metadata snapshots (issue 8 item 3), through the authoring features' catalogue
// seam: custom field ids with their names and types (source ids as keys under `fields`, target ids as values),
// each site's issue types and statuses, and on hover the screens a field is on. The caret `|` marks the cursor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CompletionItem, Hover } from 'vscode-languageserver-types';
import { complete } from '../../server/src/language/completion';
import { ConfigText } from '../../server/src/language/config-text';
import { hover } from '../../server/src/language/hover';
import { metadataCatalogue } from '../../server/src/language/metadata-catalogue';

const STATE = join(import.meta.dirname, '..', 'fixtures', 'metadata-checks', 'state');

const HEAD = [
  'version: 1',
  'name: support-to-partner',
  'sites:',
  '  support: { url: https://acme-support.atlassian.net }',
  '  partner: { url: https://partner.atlassian.net }',
  'source: { site: support, project: SUP }',
  'target:',
  '  site: partner',
  '  project: ENG',
].join('\n');

function at(source: string): { text: ConfigText; position: { line: number; character: number } } {
  const caret = source.indexOf('|');
  const raw = source.slice(0, caret) + source.slice(caret + 1);
  const before = raw.slice(0, caret).split('\n');
  return {
    text: new ConfigText('file:///t.sync.yaml', 1, raw),
    position: { line: before.length - 1, character: before[before.length - 1]!.length },
  };
}

function completions(source: string, stateDir = STATE): CompletionItem[] {
  const { text, position } = at(source);
  return complete(text, position, { catalogue: metadataCatalogue(text, stateDir) }).items;
}

async function hoverText(source: string, stateDir = STATE): Promise<string> {
  const { text, position } = at(source);
  const h: Hover | null = await hover(text, position, {
    catalogue: metadataCatalogue(text, stateDir),
    extensions: [],
  });
  assert.ok(h, 'expected a hover');
  return (h.contents as { value: string }).value;
}

test('source custom fields complete as keys under `fields`, with their names from the source snapshot', () => {
  const items = completions(`${HEAD}\nfields:\n  customfield_100|`);
  const custom = items.filter((i) => i.label.startsWith('customfield_'));
  assert.deepEqual(
    custom.map((i) => [i.label, i.detail]),
    [
      ['customfield_10010', 'Customer contact · personal data'],
      ['customfield_10011', 'Approvers · personal data'],
      ['customfield_10012', 'Team'],
      ['customfield_10013', 'Tags'],
      ['customfield_10014', 'Notes'],
      ['customfield_10015', 'Products'],
    ],
  );
});

test('target custom fields complete as values, from the target snapshot', () => {
  const items = completions(`${HEAD}\nfields:\n  customfield_10012: |`);
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('customfield_20014'), labels.join(', '));
  assert.ok(!labels.includes('customfield_10012'), 'source ids are not offered as targets');
});

test('issue types and statuses complete from each side: source on the left, target on the right', () => {
  assert.deepEqual(
    completions(`${HEAD}\nissueTypes:\n  |`).map((i) => i.label),
    ['Bug', 'Service Request'],
  );
  assert.deepEqual(
    completions(`${HEAD}\nissueTypes:\n  Bug: |`).map((i) => i.label),
    ['Bug', 'Task', 'Story'],
  );
  assert.deepEqual(
    completions(`${HEAD}\nstatuses:\n  Open: |`).map((i) => i.label),
    ['To Do', 'In Progress', 'In Review', 'Done', "Won't Do"],
  );
});

test('hover on a target field id shows its name, type, personal data and the create screens it is on', async () => {
  const md = await hoverText(`${HEAD}\nfields:\n  assignee: customfield_200|12`);
  assert.match(md, /\*\*Customer contact\*\* `customfield_20012` — target field/);
  assert.match(md, /Type: single-user field\. \*\*Personal data\*\*/);
  assert.match(md, /On the Create screen of ENG \/ Bug; not on Task, Story\./);
  assert.match(md, /From the metadata snapshot of `partner` \(fetched 2026-12-01\)/);
});

test('hover on a system field id adds the target screens to its description', async () => {
  const md = await hoverText(`${HEAD}\nfields:\n  environment: environ|ment`);
  assert.match(md, /On no Create screen of ENG\./);
});

test('without snapshots the system catalogue answers as before', () => {
  const labels = completions(`${HEAD}\nissueTypes:\n  Bug: |`, join(STATE, 'missing')).map((i) => i.label);
  assert.ok(labels.includes('Epic'), labels.join(', '));
});
