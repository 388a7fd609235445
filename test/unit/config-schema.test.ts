// Every ajv keyword the schema can fail with, as whole diagnostics on the exact node (DESIGN.md §5):
// required → the parent key (line 1 at the top level), additionalProperties → the extra key, value
// problems → the value node. `[[…]]` marks the expected range.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose, diagnoseWhole, expected } from '../helpers/diagnose';
import { firstLineRange, marked } from '../helpers/marked-yaml';

/** A valid head of a config: everything but `fields`. */
const HEAD = `version: 1
name: support-to-engineering
sites:
  support:
    url: https://acme-support.atlassian.net
    auth: { email: sync-bot@acme.com, token: "\${env:SUPPORT_JIRA_TOKEN}" }
  engineering:
    url: https://acme-eng.atlassian.net
source: { site: support, project: SUP }
target: { site: engineering, project: ENG }
`;
const FIELDS = 'fields:\n  summary: summary\n';

describe('schema: required', () => {
  test('a missing top-level key is reported on line 1, one diagnostic per key', () => {
    const text = 'version: 1\nname: x\nsites:\n  s: { url: https://a.atlassian.net }\n' + FIELDS;
    const line1 = firstLineRange(text);
    assert.deepEqual(diagnoseWhole(text), [
      expected(line1, 'schema', 'A sync config needs the key `source`. Add `source:` at the top level.'),
      expected(line1, 'schema', 'A sync config needs the key `target`. Add `target:` at the top level.'),
    ]);
  });

  test('a missing key of a site is reported on the site key', () => {
    const { text, range } = marked(
      HEAD.replace(
        '  engineering:\n    url: https://acme-eng.atlassian.net\n',
        '  [[engineering]]:\n    underYourControl: true\n',
      ) + FIELDS,
    );
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'schema',
        '`sites.engineering` needs the key `url`. Add `url:` under `sites.engineering`.',
      ),
    ]);
    assert.equal(diagnose(text)[0]?.data.missingKey, 'url');
  });

  test('a missing key in a flow mapping is reported on the key that holds it', () => {
    const { text, range } = marked(
      HEAD.replace('target: { site: engineering, project: ENG }', '[[target]]: { site: engineering }') +
        FIELDS,
    );
    assert.deepEqual(diagnoseWhole(text), [
      expected(range, 'schema', '`target` needs the key `project`. Add `project:` under `target`.'),
    ]);
  });

  test('a field mapping object without `target` is reported on its source field key', () => {
    const { text, range } = marked(HEAD + FIELDS + '  [[labels]]: { prefix: "sup-" }\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'schema',
        '`fields.labels` needs the key `target`. Add `target:` under `fields.labels`.',
      ),
    ]);
  });
});

describe('schema: additionalProperties', () => {
  test('an unknown top-level key is reported on that key with a did-you-mean', () => {
    const { text, range } = marked(HEAD + FIELDS + '[[statuse]]: { Open: To Do }\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(range, 'schema', 'Unknown key `statuse` at the top level. Did you mean `statuses`?'),
    ]);
    assert.deepEqual(diagnose(text)[0]?.data.suggestions, ['statuses']);
  });

  test('an unknown key with no close match lists the allowed keys', () => {
    const { text, range } = marked(HEAD + FIELDS + '[[colour]]: blue\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'schema',
        'Unknown key `colour` at the top level. Allowed here: `version`, `name`, `sites`, `source`, `target`, `personalData`, `issueTypes`, `fields`, `statuses`, `comments`, `attachments`, `link`.',
      ),
    ]);
  });

  test('an unknown key in a site is reported on that key', () => {
    const { text, range } = marked(
      HEAD.replace(
        '    url: https://acme-eng.atlassian.net\n',
        '    url: https://acme-eng.atlassian.net\n    [[undrYourControl]]: true\n',
      ) + FIELDS,
    );
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'schema',
        'Unknown key `undrYourControl` in `sites.engineering`. Did you mean `underYourControl`?',
      ),
    ]);
  });

  test('an unknown key inside a field mapping object (a oneOf branch) gets only the best branch', () => {
    const { text, range } = marked(HEAD + FIELDS + '  labels: { target: labels, [[prefx]]: "sup-" }\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(range, 'schema', 'Unknown key `prefx` in `fields.labels`. Did you mean `prefix`?'),
    ]);
  });
});

describe('schema: type', () => {
  test('a field mapping of the wrong kind gets the merged "text or a mapping" message on the value', () => {
    const { text, range } = marked(HEAD + FIELDS + '  labels: [[42]]\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(range, 'schema', 'Expected text or a mapping for `fields.labels`, got the number 42.'),
    ]);
  });

  test('a list where a field mapping belongs says "got a list"', () => {
    const { text, range } = marked(HEAD + FIELDS + '  labels: [[[labels, components]]]\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(range, 'schema', 'Expected text or a mapping for `fields.labels`, got a list.'),
    ]);
  });

  test('YAML `yes` is text, not a boolean: reported on the value', () => {
    const { text, range } = marked(HEAD + FIELDS + 'comments: { sync: [[yes]] }\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(range, 'schema', 'Expected `true` or `false` for `comments.sync`, got the text "yes".'),
    ]);
  });

  test('a union type (string or null) is named in full', () => {
    const { text, range } = marked(HEAD + FIELDS + 'personalData: { fallbackUser: [[5]] }\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(range, 'schema', 'Expected text or `null` for `personalData.fallbackUser`, got the number 5.'),
    ]);
  });

  test('an empty value is reported at its (empty) position after the key', () => {
    const { text, range } = marked(HEAD.replace('name: support-to-engineering', 'name:[[]]') + FIELDS);
    assert.deepEqual(diagnoseWhole(text), [
      expected(range, 'schema', 'Expected text for `name`, got nothing.'),
    ]);
  });
});

describe('schema: enum, const, pattern, minLength, minProperties, minimum, maximum', () => {
  test('enum: a value outside the list gets a did-you-mean and the allowed values', () => {
    const { text, range } = marked(HEAD + FIELDS + 'personalData: { users: [[emial]] }\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'schema',
        '`emial` is not allowed for `personalData.users`. Did you mean `email`? Use one of: `account-id`, `email`.',
      ),
    ]);
    assert.deepEqual(diagnose(text)[0]?.data.suggestions, ['email', 'account-id']);
  });

  test('enum: a direction outside the enum is `schema`, not `direction-unsupported`', () => {
    const { text, range } = marked(HEAD + FIELDS + '  labels: { target: labels, direction: [[sideways]] }\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'schema',
        '`sideways` is not allowed for `fields.labels.direction`. Use one of: `source-to-target`, `target-to-source`, `both`.',
      ),
    ]);
  });

  test('const: a version other than 1 is reported on the value', () => {
    const { text, range } = marked(HEAD.replace('version: 1', 'version: [[2]]') + FIELDS);
    assert.deepEqual(diagnoseWhole(text), [
      expected(range, 'schema', '`version` must be `1`: it is the only version of this file format.'),
    ]);
  });

  test('pattern: a lower-case project key is explained in words', () => {
    const { text, range } = marked(HEAD.replace('project: SUP', 'project: [[sup]]') + FIELDS);
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'schema',
        'A project key is upper-case letters, digits and `_`, starting with a letter (e.g. `SUP`).',
      ),
    ]);
  });

  test('pattern: a sync name with spaces is reported on the quoted value', () => {
    const { text, range } = marked(
      HEAD.replace('name: support-to-engineering', 'name: [["support to eng"]]') + FIELDS,
    );
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'schema',
        '`name` may hold only letters, digits, `.`, `_` and `-`, and starts with a letter or digit (e.g. `support-to-engineering`).',
      ),
    ]);
  });

  test('propertyNames: a site name with a space is reported on that key', () => {
    const { text, ranges } = marked(
      HEAD.replace('  engineering:\n', '  [["eng ineering"]]:\n').replace(
        'site: engineering',
        'site: [[engineering]]',
      ) + FIELDS,
    );
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        ranges[0]!,
        'schema',
        '`eng ineering` is not a valid name here. A site name may hold only letters, digits, `_` and `-` (e.g. `support`).',
      ),
      expected(
        ranges[1]!,
        'unknown-site',
        '`engineering` is not declared under `sites`. Did you mean `eng ineering`?',
      ),
    ]);
  });

  test('minLength: an empty target field id is reported on the empty string', () => {
    const { text, range } = marked(HEAD + FIELDS + '  labels: [[""]]\n');
    assert.deepEqual(diagnoseWhole(text), [expected(range, 'schema', '`fields.labels` must not be empty.')]);
  });

  test('minProperties: an empty `sites` is reported on its key', () => {
    const { text, ranges } = marked(
      HEAD.replace(/sites:\n[\s\S]*?source:/, '[[sites]]: {}\nsource:')
        .replace('site: support', 'site: [[support]]')
        .replace('site: engineering', 'site: [[engineering]]') + FIELDS,
    );
    assert.deepEqual(diagnoseWhole(text), [
      expected(ranges[0]!, 'schema', '`sites` needs at least one site with a `url`.'),
      expected(
        ranges[1]!,
        'unknown-site',
        '`support` is not declared under `sites`. Declare it under `sites` with its `url`.',
      ),
      expected(
        ranges[2]!,
        'unknown-site',
        '`engineering` is not declared under `sites`. Declare it under `sites` with its `url`.',
      ),
    ]);
  });

  test('minProperties: an empty `fields` is reported on its key, once (not also as summary unmapped)', () => {
    const { text, range } = marked(HEAD + '[[fields]]: {}\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(range, 'schema', '`fields` needs at least one mapping, e.g. `summary: summary`.'),
    ]);
  });

  test('minimum: a negative retention is reported on the value', () => {
    const { text, range } = marked(HEAD + FIELDS + 'personalData: { retentionDays: [[-1]] }\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(range, 'schema', '`personalData.retentionDays` must be at least 0.'),
    ]);
  });

  test('maximum: a retention over ten years is reported on the value', () => {
    const { text, range } = marked(HEAD + FIELDS + 'personalData: { retentionDays: [[5000]] }\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(range, 'schema', '`personalData.retentionDays` must be at most 3650.'),
    ]);
  });

  test('type integer: a fractional retention says it wants a whole number', () => {
    const { text, range } = marked(HEAD + FIELDS + 'personalData: { retentionDays: [[1.5]] }\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'schema',
        'Expected a whole number for `personalData.retentionDays`, got the number 1.5.',
      ),
    ]);
  });
});

describe('schema: the whole document', () => {
  test('a valid config has no diagnostics', () => {
    assert.deepEqual(diagnoseWhole(HEAD + FIELDS), []);
  });

  test('a top-level list is reported on line 1', () => {
    const text = '- version: 1\n- name: x\n';
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        firstLineRange(text),
        'schema',
        'A sync config is a YAML mapping of keys (`version: 1`, `name: …`, …), but this file holds a single value or a list.',
      ),
    ]);
  });

  test('no diagnostic other than whole-document ones lands on line 1 when line 1 is fine', () => {
    const text = HEAD + FIELDS + '  labels: 42\n  ? [a, b]\n  : x\nstatuse: {}\n';
    for (const d of diagnose(text)) assert.notEqual(d.range.start.line, 0, JSON.stringify(d));
  });
});
