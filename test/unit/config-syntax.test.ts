// Problems of the file itself: yaml-syntax (broken YAML, tabs, duplicate keys, aliases, control characters),
// multiple-documents and file-too-large, as whole diagnostics. `[[…]]` marks the expected range.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigDocument, MAX_CONFIG_BYTES } from '../../server/src/config/document';
import { diagnose, diagnoseWhole, expected, ofCode } from '../helpers/diagnose';
import { firstLineRange, marked } from '../helpers/marked-yaml';

const VALID = `version: 1
name: support-to-engineering
sites:
  support:
    url: https://acme-support.atlassian.net
source: { site: support, project: SUP }
target: { site: support, project: ENG }
fields:
  summary: summary
`;

describe('yaml-syntax', () => {
  test('a tab used for indentation is reported on the tab, and nothing else is checked', () => {
    const { text, range } = marked(VALID + '[[\t]]description: description\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'yaml-syntax',
        'Broken YAML: Tabs are not allowed for indentation in YAML. Indent with spaces.',
      ),
    ]);
    assert.equal(diagnose(text)[0]?.data.yamlCode, 'TAB_AS_INDENT');
  });

  test('an unclosed flow sequence is one yaml-syntax error, no schema noise', () => {
    const { text, range } = marked('version: 1\nname: [a, b\n[[s]]ites: {}\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'yaml-syntax',
        'Broken YAML: Flow sequence in block collection must be sufficiently indented and end with a ].',
      ),
    ]);
  });

  test('an unclosed quote is reported on the value that opens it, not at the end of the file', () => {
    const { text, range } = marked('version: 1\nname: [["abc]]\nsites: {}\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'yaml-syntax',
        'Broken YAML: this value opens with " but never closes it, so the rest of the file is read as part of it. Add the closing " where the value ends.',
      ),
    ]);
  });

  test('an unclosed single quote deep in the file is reported on its own line', () => {
    const { text, range } = marked(VALID + "  description: [['Customer text]]\n  environment: environment\n");
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'yaml-syntax',
        "Broken YAML: this value opens with ' but never closes it, so the rest of the file is read as part of it. Add the closing ' where the value ends.",
      ),
    ]);
  });

  test('lone CR line endings get one error saying to save with LF or CRLF, on the first of them', () => {
    const text = VALID.replace(/\n/g, '\r');
    const diagnostics = diagnoseWhole(text);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]?.code, 'yaml-syntax');
    assert.match(diagnostics[0]?.message ?? '', /lone carriage return .* LF or CRLF/);
    assert.deepEqual(diagnostics[0]?.range, {
      start: { line: 0, character: 10 },
      end: { line: 1, character: 0 },
    });
  });

  test('CRLF line endings validate like LF ones, with the same positions', () => {
    const text = VALID.replace('version: 1', 'version: 2').replace(/\n/g, '\r\n');
    const [lf] = diagnoseWhole(VALID.replace('version: 1', 'version: 2'));
    assert.deepEqual(diagnoseWhole(text), [lf]);
  });

  test('mis-indented mapping items are reported on the odd line', () => {
    const { text, range } = marked('version: 1\nsites:\n  a:\n    url: x\n[[ ]]  b: y\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(range, 'yaml-syntax', 'Broken YAML: All mapping items must start at the same column.'),
    ]);
  });

  test('a duplicate key is reported on each repeat after the first, naming the first line', () => {
    const { text, ranges } = marked(
      VALID + '  description: description\n  [[summary]]: environment\n  [[summary]]: labels\n',
    );
    assert.deepEqual(ofCode(text, 'yaml-syntax'), [
      expected(
        ranges[0]!,
        'yaml-syntax',
        'Duplicate key `summary`: it is already defined on line 9. Remove one of them.',
      ),
      expected(
        ranges[1]!,
        'yaml-syntax',
        'Duplicate key `summary`: it is already defined on line 9. Remove one of them.',
      ),
    ]);
    const duplicate = diagnose(text).find((d) => d.code === 'yaml-syntax');
    assert.deepEqual(duplicate?.data, { duplicateKey: 'summary', firstLine: 9 });
  });

  test('with a duplicate key, value problems are placed on the last occurrence: the one that counts', () => {
    const { text, ranges } = marked(VALID + '  [[summary]]: [[5]]\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        ranges[0]!,
        'yaml-syntax',
        'Duplicate key `summary`: it is already defined on line 9. Remove one of them.',
      ),
      expected(ranges[1]!, 'schema', 'Expected text or a mapping for `fields.summary`, got the number 5.'),
    ]);
  });

  test('a duplicate key in a flow mapping is reported on the repeat', () => {
    const { text, range } = marked(
      VALID.replace('{ site: support, project: ENG }', '{ site: support, [[site]]: support, project: ENG }'),
    );
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'yaml-syntax',
        'Duplicate key `site`: it is already defined on line 7. Remove one of them.',
      ),
    ]);
  });

  test('the same key in two different mappings is not a duplicate', () => {
    assert.deepEqual(diagnoseWhole(VALID + 'comments: { sync: true }\nattachments: { sync: false }\n'), []);
  });

  test('an alias to an anchor that does not exist is reported on the alias', () => {
    const { text, range } = marked(VALID + '  description: [[*nope]]\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'yaml-syntax',
        'Broken YAML: the alias `*nope` refers to no anchor `&nope` defined before it.',
      ),
    ]);
  });

  test('aliases that expand into too many values (billion laughs) are refused on the first alias', () => {
    const rows = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
    ] as const) {
      rows.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const text = rows.join('\n') + '\n';
    const start = text.indexOf('*a');
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        {
          start: { line: 1, character: start - text.indexOf('\n') - 1 },
          end: { line: 1, character: start - text.indexOf('\n') + 1 },
        },
        'yaml-syntax',
        'Broken YAML: the aliases (`*name`) in this file expand into too many values. Write the values out instead of repeating aliases.',
      ),
    ]);
  });

  test('anchors and aliases that resolve are fine', () => {
    const text =
      VALID.replace('  summary: summary', '  summary: &s summary') +
      'link: { field: customfield_10001 }\nstatuses: { Open: *s }\n';
    assert.deepEqual(diagnoseWhole(text), []);
  });

  test('a control character (binary content) is reported on that character', () => {
    const { text, range } = marked('version: 1\nname: a[[\u0007]]b\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        range,
        'yaml-syntax',
        'This file contains the control character U+0007: it is not a text YAML file. Remove it, or check that you opened the right file.',
      ),
    ]);
  });
});

describe('multiple-documents', () => {
  test('two documents: one diagnostic on line 1, and the first document is still checked', () => {
    const { text, range } = marked(VALID.replace('version: 1', 'version: [[2]]') + '---\nversion: 1\n');
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        firstLineRange(text),
        'multiple-documents',
        'This file holds 2 YAML documents; a sync config is exactly one. Move each sync into a file of its own (only the first document is checked).',
      ),
      expected(range, 'schema', '`version` must be `1`: it is the only version of this file format.'),
    ]);
  });

  test('a leading `---` alone is one document', () => {
    assert.deepEqual(diagnoseWhole('---\n' + VALID), []);
  });

  test('a trailing `---` (or several, or `...`) with nothing after it is still one document', () => {
    assert.deepEqual(diagnoseWhole(VALID + '---\n'), []);
    assert.deepEqual(diagnoseWhole(VALID + '---\n# notes\n---\n'), []);
    assert.deepEqual(diagnoseWhole(VALID + '...\n'), []);
  });

  test('an empty document before a real one still counts: the config is not in the first', () => {
    assert.equal(ofCode('---\n---\n' + VALID, 'multiple-documents').length, 1);
  });
});

describe('file-too-large', () => {
  test('a file over 1 MB gets one diagnostic on line 1 and is not parsed', () => {
    const line = '  customfield_10001: customfield_20001 # padding padding padding padding padding\n';
    const text = VALID + line.repeat(Math.ceil((MAX_CONFIG_BYTES + 1) / line.length));
    const doc = new ConfigDocument('file:///big.sync.yaml', 1, text);
    assert.equal(doc.tooLarge, true);
    assert.deepEqual(doc.documents, []);
    const kb = Math.round(Buffer.byteLength(text) / 1024);
    assert.deepEqual(diagnoseWhole(text), [
      expected(
        firstLineRange(text),
        'file-too-large',
        `This file is ${kb} KB; configs over 1024 KB are not validated. Split it into one file per sync.`,
      ),
    ]);
  });

  test('the limit counts bytes: 600k two-byte characters are too large', () => {
    const text = 'name: ' + 'é'.repeat(600_000) + '\n';
    assert.equal(text.length < MAX_CONFIG_BYTES, true);
    assert.deepEqual(
      diagnose(text).map((d) => d.code),
      ['file-too-large'],
    );
  });

  test('a file just under the limit is validated', () => {
    const text = VALID + '#'.repeat(MAX_CONFIG_BYTES - VALID.length - 1) + '\n';
    assert.equal(Buffer.byteLength(text), MAX_CONFIG_BYTES);
    assert.deepEqual(diagnoseWhole(text), []);
  });
});
