// The semantic rules (DESIGN.md §4, §5) as whole diagnostics: unknown-site, unknown-field, duplicate-target,
// direction-unsupported, required-field-unmapped, inline-secret, and URLs. `[[…]]` marks the expected range.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose, diagnoseWhole, expected } from '../helpers/diagnose';
import { firstLineRange, marked } from '../helpers/marked-yaml';

const HEAD = `version: 1
name: support-to-engineering
sites:
  support:
    url: https://acme-support.atlassian.net
    auth: { email: sync-bot@acme.com, token: "\${env:SUPPORT_JIRA_TOKEN}" }
  engineering:
    url: https://acme-eng.atlassian.net
    auth:
      email: sync-bot@acme.com
      token: "\${env:ENGINEERING_JIRA_TOKEN}"
source: { site: support, project: SUP }
target: { site: engineering, project: ENG }
`;
const FIELDS = 'fields:\n  summary: summary\n';

describe('unknown-site', () => {
  test('a source site not declared under `sites` is reported on the value, with a did-you-mean', () => {
    const { text, range } = marked(HEAD.replace('site: support,', 'site: [[suport]],') + FIELDS);
    assert.deepEqual(diagnoseWhole(text), [
      expected(range, 'unknown-site', '`suport` is not declared under `sites`. Did you mean `support`?'),
    ]);
    assert.deepEqual(diagnose(text)[0]?.data.suggestions, ['support']);
  });

  test('with no close match, the declared sites are listed', () => {
    const { text, range } = marked(HEAD.replace('site: engineering', 'site: [[partner]]') + FIELDS);
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'unknown-site',
        '`partner` is not declared under `sites`. Declared sites: `support`, `engineering`.',
      ),
    ]);
  });
});

describe('unknown-field', () => {
  test('an unknown source field is reported on its key', () => {
    const { text, range } = marked(HEAD + FIELDS + '  [[descripton]]: description\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'unknown-field',
        '`descripton` is not a Jira field id (source). Did you mean `description`?',
      ),
    ]);
  });

  test('an unknown target field of a passthrough is reported on the value', () => {
    const { text, range } = marked(HEAD + FIELDS + '  labels: [[lables]]\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(range, 'unknown-field', '`lables` is not a Jira field id (target). Did you mean `labels`?'),
    ]);
  });

  test('an unknown target in a mapping object is reported on the `target` value', () => {
    const { text, range } = marked(HEAD + FIELDS + '  priority:\n    target: [[severity]]\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'unknown-field',
        '`severity` is not a Jira field id (target). Use a system field id or `customfield_NNNNN`.',
      ),
    ]);
  });

  test('`customfield_NNNNN` is accepted on both sides; `customfield_abc` is not', () => {
    assert.deepEqual(diagnoseWhole(HEAD + FIELDS + '  customfield_10010: customfield_20011\n'), []);
    const { text, range } = marked(HEAD + FIELDS + '  [[customfield_abc]]: customfield_20011\n');
    assert.deepEqual(
      diagnoseWhole(text).map((d) => [d.code, d.range]),
      [['unknown-field', range]],
    );
  });

  test('`creator` can be a source but not a target', () => {
    assert.deepEqual(
      diagnoseWhole(HEAD + FIELDS + '  creator: { target: customfield_20011, as: text }\n'),
      [],
    );
    const { text, range } = marked(HEAD + FIELDS + '  reporter: [[creator]]\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'unknown-field',
        '`creator` cannot be set on the target: Jira sets it itself. Map it to a text field with `as: text`, or remove this mapping.',
      ),
    ]);
  });

  test('an unknown `link.field` is reported on its value', () => {
    const { text, range } = marked(HEAD + FIELDS + 'link: { field: [[sourcekey]] }\n');
    assert.deepEqual(
      diagnoseWhole(text).map((d) => [d.code, d.range]),
      [['unknown-field', range]],
    );
  });

  test('every system field of DESIGN.md §4 is known', () => {
    const ids = [
      'summary',
      'description',
      'environment',
      'priority',
      'labels',
      'components',
      'fixVersions',
      'versions',
      'duedate',
      'assignee',
      'reporter',
      'watchers',
    ];
    const text = HEAD + 'fields:\n' + ids.map((id) => `  ${id}: ${id}\n`).join('');
    assert.deepEqual(diagnoseWhole(text), []);
  });
});

describe('duplicate-target', () => {
  test('each mapping after the first that writes the same target is reported, block and flow alike', () => {
    const { text, ranges } = marked(
      HEAD +
        FIELDS +
        '  customfield_10010: customfield_20010\n  customfield_10011:\n    target: [[customfield_20010]]\n  customfield_10012: { target: [[customfield_20010]] }\n',
    );
    const message =
      'Target field `customfield_20010` is already written by the mapping of `customfield_10010` (line 16). Each target field takes one mapping: remove or retarget one of them.';
    assert.deepEqual(diagnoseWhole(text), [
      expected(ranges[0]!, 'duplicate-target', message),
      expected(ranges[1]!, 'duplicate-target', message),
    ]);
    assert.deepEqual(diagnose(text)[0]?.data, {
      path: ['fields', 'customfield_10011'],
      sourceField: 'customfield_10011',
      firstSource: 'customfield_10010',
    });
  });

  test('`link.field` that a mapping already writes is reported on `link.field`', () => {
    const { text, range } = marked(
      HEAD + FIELDS + '  customfield_10010: customfield_20010\nlink: { field: [[customfield_20010]] }\n',
    );
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'duplicate-target',
        'Target field `customfield_20010` is already written by the mapping of `customfield_10010`; `link.field` needs a text field of its own.',
      ),
    ]);
  });
});

describe('direction-unsupported', () => {
  for (const direction of ['both', 'target-to-source']) {
    test(`\`direction: ${direction}\` is reported on the value`, () => {
      const { text, range } = marked(
        HEAD + FIELDS + `  labels: { target: labels, direction: [[${direction}]] }\n`,
      );
      assert.deepEqual(diagnoseWhole(text), [
        expected(
          range,
          'direction-unsupported',
          `\`direction: ${direction}\` needs two-way sync, which is not supported yet: the engine only syncs source → target. Use \`source-to-target\` or remove \`direction\`.`,
        ),
      ]);
      assert.deepEqual(diagnose(text)[0]?.data.suggestions, ['source-to-target']);
    });
  }

  test('`direction: source-to-target` is fine', () => {
    assert.deepEqual(
      diagnoseWhole(HEAD + FIELDS + '  labels: { target: labels, direction: source-to-target }\n'),
      [],
    );
  });
});

describe('required-field-unmapped', () => {
  test('fields that do not write summary: reported on the `fields` key', () => {
    const { text, range } = marked(HEAD + '[[fields]]:\n  description: description\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'required-field-unmapped',
        'No mapping writes `summary`, so no issue can be created on the target. Add `summary: summary`.',
      ),
    ]);
  });

  test('summary written from another source field counts', () => {
    assert.deepEqual(
      diagnoseWhole(HEAD + 'fields:\n  customfield_10001: { target: summary, prefix: "[SUP] " }\n'),
      [],
    );
  });

  test('no `fields` at all: reported on line 1, beside the schema error', () => {
    const text = HEAD;
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        firstLineRange(text),
        'schema',
        'A sync config needs the key `fields`. Add `fields:` at the top level.',
      ),
      expected(
        firstLineRange(text),
        'required-field-unmapped',
        'No field is mapped, so no issue can be created: add `fields:` with at least `summary: summary`.',
      ),
    ]);
  });

  test('a summary mapping with a schema error is not also reported as unmapped', () => {
    const { text, range } = marked(HEAD + 'fields:\n  summary: [[""]]\n');
    assert.deepEqual(diagnoseWhole(text), [expected(range, 'schema', '`fields.summary` must not be empty.')]);
  });
});

describe('inline-secret', () => {
  test('a literal token is reported on the value, proposing an environment variable', () => {
    const { text, range } = marked(
      HEAD.replace('token: "${env:ENGINEERING_JIRA_TOKEN}"', 'token: [[ATATT3xFfGF0T4k3n]]') + FIELDS,
    );
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'inline-secret',
        'An API token is written into this file. Replace it with `"${env:ENGINEERING_JIRA_TOKEN}"`, set ENGINEERING_JIRA_TOKEN in your environment or with "Backbone Sync: Set Token", and revoke the exposed token in Atlassian\'s account settings.',
      ),
    ]);
    const data = diagnose(text)[0]?.data;
    assert.equal(data?.envName, 'ENGINEERING_JIRA_TOKEN');
    assert.equal(data?.unsuppressible, true);
  });

  test('a malformed reference is reported as such', () => {
    const { text, range } = marked(
      HEAD.replace('"${env:SUPPORT_JIRA_TOKEN}"', '[["${env:SUPPORT-TOKEN}"]]') + FIELDS,
    );
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'inline-secret',
        '`${env:SUPPORT-TOKEN}` is not a valid environment reference. Write `"${env:SUPPORT_JIRA_TOKEN}"` (letters, digits and `_`).',
      ),
    ]);
  });

  test('the token message never repeats the token', () => {
    const text = HEAD.replace('"${env:SUPPORT_JIRA_TOKEN}"', 'ATATT3xFfGF0secretvalue') + FIELDS;
    for (const d of diagnose(text, {}, true)) assert.doesNotMatch(JSON.stringify(d), /secretvalue/);
  });
});

describe('site URLs', () => {
  test('plain http:// to a remote host is refused on the value', () => {
    const { text, range } = marked(
      HEAD.replace('url: https://acme-eng.atlassian.net', 'url: [[http://acme-eng.atlassian.net]]') + FIELDS,
    );
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'schema',
        'Plain `http://` is refused for `acme-eng.atlassian.net`: tokens would travel unencrypted. Use `https://` (http is allowed only for loopback addresses).',
      ),
    ]);
  });

  for (const url of [
    'http://127.0.0.1:8080',
    'http://localhost:3000/jira',
    'http://[::1]:9000',
    '${env:ENG_URL}',
  ]) {
    test(`\`${url}\` is allowed`, () => {
      assert.deepEqual(diagnoseWhole(HEAD.replace('https://acme-eng.atlassian.net', url) + FIELDS), []);
    });
  }

  test('something that is not a URL is reported on the value', () => {
    const { text, range } = marked(
      HEAD.replace('url: https://acme-eng.atlassian.net', 'url: [[acme-eng.atlassian.net]]') + FIELDS,
    );
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'schema',
        '`acme-eng.atlassian.net` is not a URL. Write the site\'s base URL, e.g. `https://acme.atlassian.net`, or `"${env:NAME}"`.',
      ),
    ]);
  });
});
