// Hover text of the personal-data side: the `personalData` summary, user fields, rich text and comments
// (mentions), and custom fields without metadata.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ConfigDocument } from '../../server/src/config/document';
import { personalDataHover } from '../../server/src/personal-data/hover';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

function doc(personalData: string, extra = ''): ConfigDocument {
  const text = [
    'version: 1',
    'name: support-to-partner',
    'sites:',
    '  support: { url: https://acme-support.atlassian.net, underYourControl: true }',
    '  partner: { url: https://partner.atlassian.net }',
    'source: { site: support, project: SUP }',
    'target: { site: partner, project: ENG }',
    personalData,
    'fields:',
    '  summary: summary',
    '  description: description',
    '  priority: priority',
    '  assignee: assignee',
    '  customfield_10010: customfield_20012',
    '  customfield_55555: customfield_20013',
    'comments: { sync: true }',
    extra,
  ].join('\n');
  return new ConfigDocument('file:///h.sync.yaml', 1, text);
}

const context = { stateDir: fixtures };

test('hover on personalData summarises what flows, which way, to which site, control and storage', () => {
  const text = personalDataHover(
    doc('personalData: { exchange: true, retentionDays: 14 }'),
    ['personalData'],
    context,
  );
  assert.ok(text);
  assert.match(text, /^\*\*Personal data in `support-to-partner`\*\*/);
  assert.match(text, /Exchange is \*\*on\*\*/);
  assert.match(text, /\| Assignee \| `assignee` → `assignee` \| support → partner \| partner: \*\*no\*\* \|/);
  assert.match(
    text,
    /\| Customer contact \(user picker\) \| `customfield_10010` → `customfield_20012` \| support → partner \|/,
  );
  assert.match(text, /\| comment authors \| `comments` \| support → partner \| partner: \*\*no\*\* \|/);
  assert.match(
    text,
    /`partner` is not under your control: after import, deleting a person's data there needs a manual process/,
  );
  assert.match(
    text,
    /Free text that may carry personal data \(not treated as personal data\): `summary`, `description`, comment bodies\./,
  );
  assert.match(
    text,
    /only account IDs, only while a troubleshooting entry needs them, deleted 14 days after/,
  );
  assert.match(text, /Not classified yet \(no metadata\): `customfield_55555`/);
  assert.match(text, /docs\/personal-data\.md\)$/);
});

test('hover on personalData with exchange off says mappings are refused and comments lose their authors', () => {
  const text = personalDataHover(doc('personalData: { users: account-id }'), ['personalData'], context);
  assert.match(String(text), /Exchange is \*\*off\*\* \(`exchange` is not set\)/);
  assert.match(
    String(text),
    /Comments are posted by the sync user without author attribution; mentions become a neutral placeholder without the person's name\./,
  );
  assert.ok(!String(text).includes('comment authors'), 'with exchange off, comments do not carry authors');
});

test('hover on a user field mapping says what flows where and what is stored', () => {
  const text = personalDataHover(doc('personalData: { exchange: true }'), ['fields', 'assignee'], context);
  assert.equal(
    text,
    [
      '**Personal data**: `assignee` (Assignee) identifies people.',
      '',
      '`assignee` (Assignee) → `assignee` on `partner`.',
      '',
      '`partner` is **not under your control**: deleting data there needs a manual process.',
      '',
      "The engine stores only the person's Atlassian account ID, and only while a troubleshooting entry needs it (deleted 30 days after the entry is resolved or ignored); never a name, email or avatar.",
      '',
      `[Personal data in Backbone Sync](${String(text).match(/\((file:[^)]+)\)$/)?.[1]})`,
    ].join('\n'),
  );
  assert.match(String(text), /personal-data\.md#personal-data-field\)$/);
  // The value node of a mapping shows the same text.
  assert.equal(
    personalDataHover(doc('personalData: { exchange: true }'), ['fields', 'assignee'], context),
    text,
  );
});

test('hover on description with exchange false: mentions become a neutral placeholder without the name', () => {
  const text = personalDataHover(
    doc('personalData: { exchange: false }'),
    ['fields', 'description'],
    context,
  );
  assert.match(String(text), /^\*\*Free text\*\*: `description` \(Description\) flows to `partner`\./);
  assert.match(
    String(text),
    /Mentions of people in it become a neutral placeholder without the person's name/,
  );
});

test('hover on comments with exchange false: posted by the sync user without author attribution', () => {
  const text = personalDataHover(doc('personalData: { exchange: false }'), ['comments'], context);
  assert.match(
    String(text),
    /Comments are posted by the sync user without author attribution, and mentions become a neutral placeholder/,
  );
  const on = personalDataHover(doc('personalData: { exchange: true }'), ['comments', 'sync'], context);
  assert.match(String(on), /Each synced comment names its author by account ID/);
});

test('hover on an unclassified custom field says how to fetch metadata', () => {
  const text = personalDataHover(doc('personalData: { exchange: true }'), ['fields', 'customfield_10010'], {
    stateDir: join(fixtures, 'no-such-state-dir'),
  });
  assert.match(String(text), /^\*\*`customfield_10010` is not classified yet\*\*/);
  assert.match(String(text), /There is no metadata snapshot of this site yet\./);
  assert.match(
    String(text),
    /run `backbone-sync metadata CONFIG` in a terminal, or "Backbone Sync: Refresh Metadata"/,
  );
  const notListed = personalDataHover(
    doc('personalData: { exchange: true }'),
    ['fields', 'customfield_55555'],
    context,
  );
  assert.match(String(notListed), /The metadata snapshot of this site does not list it/);
});

test('no personal-data hover for fields that carry none, or for other keys', () => {
  const d = doc('personalData: { exchange: true }');
  assert.equal(personalDataHover(d, ['fields', 'priority'], context), undefined);
  assert.equal(personalDataHover(d, ['sites', 'partner'], context), undefined);
  assert.equal(personalDataHover(d, ['personalData', 'exchange'], context), undefined);
});
