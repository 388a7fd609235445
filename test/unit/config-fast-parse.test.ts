// The fast parser (server/src/config/fast-parse.ts) must equal the yaml package on every text it accepts:
// the same JS value, and the same nodes with the same ranges, scalar values and styles. Differential test
// over the examples, generated configs and thousands of seeded random mutations of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import { fastParse } from '../../server/src/config/fast-parse';
import { generateConfig } from '../bench/generate-config';
import { VALID_CONFIG } from '../helpers/configs';
import { mutate } from '../helpers/mutate';
import { SeededRandom } from '../helpers/random';

const EXAMPLES_DIR = join(import.meta.dirname, '..', '..', 'examples');

function examples(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.sync.yaml'))
    .sort()
    .map((f) => readFileSync(join(EXAMPLES_DIR, f), 'utf8'));
}

/** A comparable outline of a node tree: kind, flow, ranges [start, valueEnd], scalar value and style. */
function outline(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  if (isScalar(node)) return ['scalar', node.range?.[0], node.range?.[1], node.value, node.type];
  if (isMap(node))
    return [
      'map',
      Boolean(node.flow),
      node.range?.[0],
      node.range?.[1],
      node.items.map((pair) => (isPair(pair) ? [outline(pair.key), outline(pair.value)] : 'not a pair')),
    ];
  if (isSeq(node))
    return ['seq', Boolean(node.flow), node.range?.[0], node.range?.[1], node.items.map(outline)];
  return ['other', String(node)];
}

/** Compares the fast parse of `text` with the yaml package's; returns whether the fast path accepted it. */
function agrees(text: string, label: string): boolean {
  const fast = fastParse(text);
  if (!fast) return false;
  const full = parseAllDocuments(text, {
    uniqueKeys: false,
    logLevel: 'error',
  }) as unknown as Document.Parsed[];
  const context = `${label}: ${JSON.stringify(text)}`;
  assert.ok(
    Array.isArray(full) && full.length === 1,
    `the fast path accepted ${full.length} documents; ${context}`,
  );
  const doc = full[0]!;
  assert.deepEqual(
    doc.errors.map((e) => e.code),
    [],
    `the fast path accepted a text with YAML errors; ${context}`,
  );
  assert.deepEqual(outline(fast.contents), outline(doc.contents), `nodes differ; ${context}`);
  assert.deepEqual(
    fast.toJS({ maxAliasCount: 1000 }),
    doc.toJS({ maxAliasCount: 1000 }),
    `values differ; ${context}`,
  );
  return true;
}

test('the fast parser accepts the examples, the test config and generated configs, and equals the yaml package', () => {
  for (const [i, text] of [VALID_CONFIG, ...examples()].entries()) {
    assert.ok(agrees(text, `config ${i}`), `config ${i} was not accepted by the fast path`);
  }
  const prettierStyle =
    VALID_CONFIG +
    'personalData:\n  exchange: false\nissueTypes2:\n  {\n    Bug: Bug,\n    "Service Request": Task,\n  }\nlist:\n  [a, b,\n    c]\n';
  assert.ok(agrees(prettierStyle, 'multi-line flows'));
  for (const lines of [50, 300, 1000]) {
    for (const withErrors of [false, true]) {
      assert.ok(agrees(generateConfig(lines, { withErrors, seed: lines }), `generated ${lines}`));
    }
  }
});

test('on thousands of random mutations, whatever the fast parser accepts equals the yaml package', () => {
  const seeds = [VALID_CONFIG, ...examples(), generateConfig(120, { withErrors: true, seed: 3 })];
  let accepted = 0;
  let total = 0;
  for (const [index, original] of seeds.entries()) {
    const random = new SeededRandom(5000 + index);
    for (let i = 0; i < 600; i++) {
      let text = original;
      const steps = 1 + random.int(3);
      for (let s = 0; s < steps; s++) text = mutate(text, random);
      if (agrees(text, `seed ${5000 + index}, mutation ${i}`)) accepted++;
      total++;
    }
  }
  // The comparison must cover many accepted texts, or it proves nothing.
  assert.ok(accepted > total / 5, `only ${accepted} of ${total} mutations took the fast path`);
});

test('edge cases of scalars, keys, comments and flows: accepted ones equal the yaml package', () => {
  const cases = [
    '123: x\ntrue: y\nnull: z\n~: w\n"quoted key": v\n\'single\': u\n',
    'a: \'it\'\'s\'\nb: "say \\"hi\\""\nc: "back\\\\slash"\n',
    'a: x#not-a-comment\nb: x # a comment\nc: value:with:colons\nd: http://localhost:8080/x\n',
    'a: -1\nb: +1\nc: 1.\nd: .5\ne: -.5\nf: 007\ng: 1_000\nh: 0.1.2\ni: 99999999999999999999\n',
    'a: Yes\nb: no\nc: TRUE\nd: Null\ne: NULL\nf: ~\ng: nulls\n',
    'a: {}\nb: []\nc: { d: {}, e: [] }\nf: [[a], [b, c]]\ng: [{ h: i }]\n',
    'a: { "k": "v", \'q\': 1, plain key: two words }\nb: [ x , y ]\n',
    'a:\n  b:\n    c:\n      d: deep\n  e: back\nf: top\n',
    'a:\n\n  # comment before b\n  b: 1\n\n  c: 2\n\nd: 3\n',
    'a: 1\nb:\nc:   \nd: # only a comment\ne: last',
    '# header\n\nversion: 1 # trailing\n# footer\n',
    'a: \u00e9t\u00e9 \ud83d\ude00\nb: "\u2028"\n',
    'a:\n  [x, y]\nb:\n  {\n    c: d,\n  }\n',
    'a: { b: [1, 2,\n    3], c: d }\n',
  ];
  for (const [i, text] of cases.entries()) agrees(text, `edge case ${i}`);
});

test('constructs outside the fast subset are left to the yaml package', () => {
  const outside = [
    '',
    '# only a comment\n',
    'a:\n  - b\n',
    'a: |\n  text\n',
    'a: &x b\nc: *x\n',
    'a: !tag b\n',
    'a:\tb\n',
    'a: b\r\nc: d\r\n',
    '---\na: b\n',
    'a: b\n---\nc: d\n',
    'a: "x\\ny"\n',
    'a: b\n  c\n',
    'a:\n  b: { c: d,\n  e: f }\n',
    'a: { b: c, # comment\n  d: e }\n',
    'a: 0x1F\n',
    'a: 1e3\n',
    'a: .inf\n',
    '? a\n: b\n',
    '{ "a": 1 }\n',
    'a: b: c\n',
    'a:\n  b: c\n #odd\n  d: e\n',
  ];
  for (const text of outside) assert.equal(fastParse(text), undefined, JSON.stringify(text));
});
