// The metadata checks remember each document's previous version (mapping-checks.ts) and reuse its verdicts,
// ranges and diagnostics. These tests prove that nothing stale survives: after every kind of edit, and after a
// snapshot is replaced, the diagnostics of a document validated version after version are exactly those of the
// same text validated once, as a document just opened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigDocument } from '../../server/src/config/document';
import type { ConfigDiagnostic } from '../../server/src/config/diagnostic';
import { validateDocument } from '../../server/src/config/validate';
import type { ValidationContext } from '../../server/src/config/validator';
import { generateConfig } from '../bench/generate-config';
import { writeSnapshots } from '../bench/metadata.bench';
import { SeededRandom } from '../helpers/random';

const NOW = new Date('2026-12-03T12:00:00Z');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'metadata-checks', 'state');

let opened = 0;

/** The diagnostics of a text validated as a document nobody validated before. */
function fresh(text: string, context: ValidationContext): ConfigDiagnostic[] {
  return validateDocument(new ConfigDocument(`file:///fresh-${++opened}.sync.yaml`, 1, text), context);
}

/** One document, validated version after version as the language server does. */
class EditedDocument {
  private version = 0;
  constructor(
    private readonly uri: string,
    private readonly context: ValidationContext,
  ) {}

  validate(text: string): ConfigDiagnostic[] {
    return validateDocument(new ConfigDocument(this.uri, ++this.version, text), this.context);
  }
}

function codes(diagnostics: ConfigDiagnostic[], code: string): ConfigDiagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

/** A config of the fixtures' sync with replaceable mappings (support SUP → partner ENG). */
function fixtureConfig(
  fields: string,
  issueTypes = 'issueTypes:\n  Bug: Bug\n  Service Request: Task',
): string {
  return [
    'version: 1',
    'name: support-to-partner',
    'sites:',
    '  support:',
    '    url: https://acme-support.atlassian.net',
    "    auth: { email: sync-bot@acme.com, token: '${env:SUPPORT_JIRA_TOKEN}' }",
    '    underYourControl: true',
    '  partner:',
    '    url: https://partner.atlassian.net',
    "    auth: { email: sync-bot@acme.com, token: '${env:PARTNER_JIRA_TOKEN}' }",
    '    underYourControl: true',
    'source: { site: support, project: SUP }',
    'target: { site: partner, project: ENG }',
    'personalData:',
    '  exchange: true',
    issueTypes,
    'fields:',
    '  summary: summary',
    '  description: description',
    fields,
    'statuses:\n  Open: To Do\n  In Progress: In Progress\n  Resolved: Done',
    '',
  ].join('\n');
}

/** Kinds of edit a user makes, each applied at a random place of the text (the keystrokes half the time). */
const EDITS: ((text: string, random: SeededRandom) => string)[] = [
  // Type a digit at the end of a target id (a new, unknown target).
  (text, random) =>
    replaceNth(
      text,
      /(target: |^ {2}customfield_\d+: )(customfield_\d+)/gm,
      random,
      (m, a, b) => `${a}${b}7`,
    ),
  // Delete the last digit of a target id (another target, maybe a known one).
  (text, random) =>
    replaceNth(
      text,
      /(target: |^ {2}customfield_\d+: )(customfield_\d+)\d/gm,
      random,
      (m, a, b) => `${a}${b}`,
    ),
  // Add `as: text` to a flow mapping, or remove it.
  (text, random) =>
    replaceNth(text, /\{ target: (customfield_\d+)/g, random, (m, t) => `{ target: ${t}, as: text`),
  (text, random) => replaceNth(text, /, as: text/g, random, () => ''),
  // Turn a plain mapping into the object form, and a flow object into a plain mapping.
  (text, random) =>
    replaceNth(
      text,
      /^( {2}customfield_\d+): (customfield_\d+)$/gm,
      random,
      (m, k, t) => `${k}: { target: ${t} }`,
    ),
  (text, random) => replaceNth(text, /\{ target: (customfield_\d+) \}/g, random, (m, t) => t),
  // Press Enter before a mapping (every later line moves down), or join a blank line away.
  (text, random) => replaceNth(text, /^ {2}customfield_\d+:/gm, random, (m) => `\n${m}`),
  (text, random) => replaceNth(text, /\n\n/g, random, () => '\n'),
  // Indent a comment line differently (columns of nothing mapped change, lines do not).
  (text, random) => replaceNth(text, /^ {2}# mapped/gm, random, () => '    # mapped'),
  // Delete a whole mapping line, or duplicate one (a repeated key: the last one counts).
  (text, random) => replaceNth(text, /^ {2}customfield_\d+: customfield_\d+\n/gm, random, () => ''),
  (text, random) => replaceNth(text, /^ {2}customfield_\d+: [^\n]*\n/gm, random, (m) => `${m}${m}`),
  (text, random) => replaceNth(text, /^( {2}customfield_\d+: [^\n]*\n)\1/gm, random, (m, line) => line),
  // Rename a source field (a new key in the middle).
  (text, random) => replaceNth(text, /^ {2}customfield_1(\d+):/gm, random, (m, n) => `  customfield_3${n}:`),
  // Make a mapping target-to-source only (no longer written on create), or both ways again.
  (text, random) =>
    replaceNth(text, /^ {4}direction: source-to-target$/gm, random, () => '    direction: target-to-source'),
  (text, random) =>
    replaceNth(text, /^ {4}direction: target-to-source$/gm, random, () => '    direction: source-to-target'),
  // Change the issue types the sync creates (other screens), and back.
  (text) =>
    text.replace(
      'issueTypes: { Bug: Bug, "Service Request": Task, Incident: Bug }',
      'issueTypes: { Bug: Bug, "Service Request": Type 9, Incident: Type 12 }',
    ),
  (text) =>
    text.replace(
      'issueTypes: { Bug: Bug, "Service Request": Type 9, Incident: Type 12 }',
      'issueTypes: { Bug: Bug, "Service Request": Task, Incident: Bug }',
    ),
];

const KEYSTROKES: ((text: string, random: SeededRandom) => string)[] = [
  // Keystrokes inside words (letters or digits typed or deleted, nothing else): in a target id, a source key,
  // the `target` key, a comment, `as: text`, a direction, a correlate value, a status, an issue type.
  (text, random) => replaceNth(text, /(customfield_2\d\d)(\d+)/g, random, (m, a, b) => `${a}4${b}`),
  (text, random) => replaceNth(text, /(customfield_2\d+)\d(\d)/g, random, (m, a, b) => `${a}${b}`),
  (text, random) => replaceNth(text, /^( {2}customfield_\d+):/gm, random, (m, k) => `${k}1:`),
  (text, random) => replaceNth(text, /target:/g, random, () => 'targetx:'),
  (text, random) => replaceNth(text, /targetx:/g, random, () => 'target:'),
  (text, random) => replaceNth(text, /(# mapped for team \d+)/g, random, (m, c) => `${c}5`),
  (text, random) => replaceNth(text, /as: text\b/g, random, () => 'as: textx'),
  (text, random) => replaceNth(text, /as: textx/g, random, () => 'as: text'),
  (text, random) =>
    replaceNth(text, /direction: source-to-target/g, random, () => 'direction: source-to-targetx'),
  (text, random) => replaceNth(text, /: O(\d)/g, random, (m, n) => `: O${n}7`),
  (text) => text.replace('Resolved: Done', 'Resolved: Done2').replace('Bug: Bug,', 'Bug: Bugx,'),
  (text) => text.replace('Resolved: Done2', 'Resolved: Done').replace('Bug: Bugx,', 'Bug: Bug,'),
  // An anchor on one target and an alias of it in another mapping: a keystroke in the anchored id changes both.
  (text, random) =>
    text.includes('&t1 ')
      ? text
      : replaceNth(
          replaceNth(
            text,
            /^( {2}customfield_\d+): (customfield_\d+)$/gm,
            random,
            (m, k, t) => `${k}: &t1 ${t}`,
          ),
          /^( {2}customfield_1\d*9): (customfield_\d+)$/gm,
          random,
          (m, k) => `${k}: *t1`,
        ),
  (text, random) => replaceNth(text, /&t1 (customfield_\d+)/g, random, (m, t) => `&t1 ${t}3`),
  (text) => text.replace(/&t1 /g, '').replace(/\*t1$/gm, 'customfield_20777'),
  // Insert text before a target on its line (the target's column moves).
  (text, random) => replaceNth(text, /\{ target: /g, random, () => '{  target: '),
];

function replaceNth(
  text: string,
  pattern: RegExp,
  random: SeededRandom,
  replace: (match: string, ...groups: string[]) => string,
): string {
  const matches = [...text.matchAll(pattern)];
  if (matches.length === 0) return text;
  const m = matches[random.int(matches.length)]!;
  return (
    text.slice(0, m.index) + replace(m[0], ...(m.slice(1) as string[])) + text.slice(m.index + m[0].length)
  );
}

test('after every kind of edit, a document validated version after version gets exactly the diagnostics of its text validated afresh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backbone-incremental-'));
  try {
    writeSnapshots(dir, 40); // 40 custom fields a site: most of the config's targets are on no screen
    const context: ValidationContext = { stateDir: dir, now: NOW };
    const random = new SeededRandom(8);
    const document = new EditedDocument('file:///edited.sync.yaml', context);
    let text = generateConfig(400);
    let seen = 0;
    for (let step = 0; step < 400; step++) {
      const kinds = random.int(2) === 0 ? EDITS : KEYSTROKES;
      const edit = kinds[random.int(kinds.length)]!;
      text = edit(text, random);
      const incremental = document.validate(text);
      assert.deepEqual(incremental, fresh(text, context), `step ${step}`);
      seen +=
        codes(incremental, 'field-not-on-screen').length + codes(incremental, 'field-type-mismatch').length;
    }
    assert.ok(seen > 1000, 'the edits were checked against many mapping diagnostics');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("changing a mapping's target id changes its field-not-on-screen diagnostic, and only that mapping's", () => {
  const document = new EditedDocument('file:///target.sync.yaml', { stateDir: FIXTURES, now: NOW });
  const on = document.validate(
    fixtureConfig('  customfield_10012: { target: customfield_20014, default: Minor }'),
  );
  assert.deepEqual(codes(on, 'field-not-on-screen'), []);
  const text = fixtureConfig('  customfield_10012: { target: customfield_29999, default: Minor }');
  const off = document.validate(text);
  const [diagnostic, ...others] = codes(off, 'field-not-on-screen');
  assert.equal(others.length, 0);
  assert.equal(diagnostic?.data.targetField, 'customfield_29999');
  assert.match(diagnostic?.message ?? '', /`customfield_29999` does not exist on site `partner`/);
  assert.deepEqual(diagnostic?.range.start, { line: 21, character: 31 });
  // And back: the diagnostic goes away.
  assert.deepEqual(
    codes(
      document.validate(fixtureConfig('  customfield_10012: { target: customfield_20014, default: Minor }')),
      'field-not-on-screen',
    ),
    [],
  );
  assert.deepEqual(off, fresh(text, { stateDir: FIXTURES, now: NOW }));
});

test('adding and removing `as: text` on a mapping into a user field changes its field-type-mismatch diagnostic', () => {
  const context = { stateDir: FIXTURES, now: NOW };
  const document = new EditedDocument('file:///as-text.sync.yaml', context);
  const user = JSON.parse(
    readFileSync(join(FIXTURES, 'metadata', 'support-to-partner', 'partner.json'), 'utf8'),
  ) as { fields: { id: string; schema?: { custom?: string } }[] };
  const userField = user.fields.find((f) => f.schema?.custom?.endsWith(':userpicker'))?.id;
  assert.ok(userField, 'the partner fixture has a user picker');
  const plain = fixtureConfig(`  reporter: ${userField}`);
  const asText = fixtureConfig(`  reporter: { target: ${userField}, as: text }`);
  const before = codes(document.validate(plain), 'field-type-mismatch');
  const after = codes(document.validate(asText), 'field-type-mismatch');
  const again = codes(document.validate(plain), 'field-type-mismatch');
  assert.deepEqual(before, codes(fresh(plain, context), 'field-type-mismatch'));
  assert.deepEqual(after, codes(fresh(asText, context), 'field-type-mismatch'));
  assert.deepEqual(again, before);
  // A user into a user field fits; `as: text` writes text, which a user field cannot hold.
  assert.equal(before.length, 0);
  assert.equal(after.length, 1);
  assert.match(after[0]!.message, /`as: text` writes text, which a user field cannot hold/);
  assert.deepEqual(after[0]!.data.path, ['fields', 'reporter', 'target']);
});

test('changing the mapped issue types changes which create screens field-not-on-screen names', () => {
  const context = { stateDir: FIXTURES, now: NOW };
  const document = new EditedDocument('file:///issue-types.sync.yaml', context);
  const mapping = '  customfield_10012: { target: customfield_20014, default: Minor }';
  const bugOnly = fixtureConfig(mapping, 'issueTypes:\n  Bug: Bug\n  Service Request: Bug');
  const story = fixtureConfig(mapping, 'issueTypes:\n  Bug: Story\n  Service Request: Story');
  const first = document.validate(bugOnly);
  const second = document.validate(story);
  assert.deepEqual(first, fresh(bugOnly, context));
  assert.deepEqual(second, fresh(story, context));
  assert.notDeepEqual(
    codes(first, 'field-not-on-screen').map((d) => d.data.issueTypes),
    codes(second, 'field-not-on-screen').map((d) => d.data.issueTypes),
  );
});

test('replacing a snapshot file changes the diagnostics of an unchanged document on its next validation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backbone-incremental-'));
  try {
    cpSync(FIXTURES, dir, { recursive: true });
    const context = { stateDir: dir, now: NOW };
    const document = new EditedDocument('file:///snapshot.sync.yaml', context);
    const text = fixtureConfig('  customfield_10012: { target: customfield_20014, default: Minor }');
    assert.deepEqual(codes(document.validate(text), 'field-not-on-screen'), []);
    // The target site drops the field from every create screen (a new `backbone-sync metadata`).
    const path = join(dir, 'metadata', 'support-to-partner', 'partner.json');
    const snapshot = JSON.parse(readFileSync(path, 'utf8')) as {
      projects: { issueTypes: { createFields?: { id: string }[] }[] }[];
    };
    for (const type of snapshot.projects[0]!.issueTypes)
      type.createFields = type.createFields?.filter((f) => f.id !== 'customfield_20014');
    writeFileSync(path, JSON.stringify(snapshot));
    utimesSync(path, new Date(2026, 11, 3, 13), new Date(2026, 11, 3, 13)); // a new modification time, surely
    const after = document.validate(text);
    assert.deepEqual(after, fresh(text, context));
    const [diagnostic] = codes(after, 'field-not-on-screen');
    assert.equal(diagnostic?.data.targetField, 'customfield_20014');
    assert.match(diagnostic?.message ?? '', /is not on the Create screen of ENG \/ Bug, ENG \/ Task/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a keystroke in a target that an alias copies changes the diagnostics of both mappings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backbone-incremental-'));
  try {
    writeSnapshots(dir, 40);
    const context: ValidationContext = { stateDir: dir, now: NOW };
    const document = new EditedDocument('file:///alias.sync.yaml', context);
    const base = generateConfig(200)
      .replace(/^ {2}customfield_10001: .*$/m, '  customfield_10001: &copied customfield_20001')
      .replace(/^ {2}customfield_10002:(.*\n)( {4}.*\n)*/m, '  customfield_10002: *copied\n');
    const first = document.validate(base);
    assert.deepEqual(first, fresh(base, context));
    // customfield_20001 is on every screen; customfield_200017 is on none: both mappings get a diagnostic.
    const typed = base.replace('&copied customfield_20001', '&copied customfield_200017');
    const after = document.validate(typed);
    assert.deepEqual(after, fresh(typed, context));
    assert.deepEqual(
      codes(after, 'field-not-on-screen')
        .filter((d) => d.data.targetField === 'customfield_200017')
        .map((d) => d.data.sourceField),
      ['customfield_10001', 'customfield_10002'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('keystrokes inside target ids, version after version, keep every other mapping’s diagnostics exactly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backbone-incremental-'));
  try {
    writeSnapshots(dir, 40);
    const context: ValidationContext = { stateDir: dir, now: NOW };
    const document = new EditedDocument('file:///typing.sync.yaml', context);
    let text = generateConfig(600);
    const random = new SeededRandom(3);
    for (let step = 0; step < 60; step++) {
      // Type a digit at the end of a target id, or delete one typed before.
      text =
        random.int(3) === 0
          ? replaceNth(text, /(customfield_2\d{4})\d+/g, random, (m, id) => id)
          : replaceNth(
              text,
              /(target: |^ {2}customfield_\d+: )(customfield_2\d+)/gm,
              random,
              (m, a, b) => `${a}${b}${step % 10}`,
            );
      assert.deepEqual(document.validate(text), fresh(text, context), `step ${step}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
