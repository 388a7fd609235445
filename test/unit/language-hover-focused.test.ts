// The personal-data hover of a mapping reads a parse of the config reduced to that mapping (so that a hover
// in a 5k-line config does not wait for the full parse). It must say exactly what it says on the full parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigDocument } from '../../server/src/config/document';
import { ConfigText } from '../../server/src/language/config-text';
import { focusedOnMapping } from '../../server/src/language/focused-document';
import { personalDataHover } from '../../server/src/personal-data/hover';
import { VALID_CONFIG } from '../helpers/configs';

const MAPPINGS =
  '  assignee: assignee\n  reporter: { target: customfield_20011, as: text }\n  watchers:\n    target: watchers\n  customfield_10099: customfield_20099\n';

const CONFIGS = {
  'no exchange': VALID_CONFIG.replace('  summary: summary\n', `  summary: summary\n${MAPPINGS}`),
  'exchange, uncontrolled target': VALID_CONFIG.replace(
    '  summary: summary\n',
    `  summary: summary\n${MAPPINGS}`,
  )
    .replace('issueTypes:', 'personalData:\n  exchange: true\nissueTypes:')
    .replace(/(engineering:\n(?:.*\n)*?) {4}underYourControl: true/, '$1    underYourControl: false'),
};

for (const [name, text] of Object.entries(CONFIGS)) {
  test(`the focused parse gives the same personal-data hover for every mapping (${name})`, () => {
    const full = new ConfigDocument('file:///t.sync.yaml', 1, text);
    const lines = new ConfigText('file:///t.sync.yaml', 1, text);
    const fields = Object.keys((full.value as { fields: Record<string, unknown> }).fields);
    assert.ok(fields.length >= 8);
    let said = 0;
    for (const field of fields) {
      const focused = focusedOnMapping(lines, field);
      assert.ok(focused, `no focused parse for ${field}`);
      assert.ok(focused.text.split('\n').length < text.split('\n').length);
      for (const path of [
        ['fields', field],
        ['fields', field, 'target'],
      ]) {
        const expected = personalDataHover(full, path, {});
        if (expected) said++;
        assert.equal(personalDataHover(focused, path, {}), expected, `${path.join('.')}`);
      }
    }
    assert.ok(said > 0, 'the personal-data hover said something about some mapping');
  });
}

test('no focused parse for flow-style `fields` or a mapping that is not there', () => {
  const flow = new ConfigText('file:///t', 1, 'fields: { summary: summary }\n');
  assert.equal(focusedOnMapping(flow, 'summary'), undefined);
  assert.equal(focusedOnMapping(new ConfigText('file:///t', 1, VALID_CONFIG), 'nope'), undefined);
});
