// Fuzzes the parser and every validator with seeded random mutations of the shipped examples: no exception
// escapes, and every diagnostic is well formed with a range inside the mutated text. Deterministic: a
// failure prints the seed and the input, so it can be replayed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigDocument } from '../../server/src/config/document';
import { validateDocument } from '../../server/src/config/validate';
import { VALID_CONFIG } from '../helpers/configs';
import { SeededRandom } from '../helpers/random';
import { diagnosticProblems } from '../helpers/range-check';

const EXAMPLES_DIR = join(import.meta.dirname, '..', '..', 'examples');
const MUTATIONS_PER_SEED_TEXT = 750; // 3,000 mutations with the three examples: ~8 s here

function seedTexts(): string[] {
  const examples = readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.sync.yaml') || f.endsWith('.sync.yml'))
    .sort()
    .map((f) => readFileSync(join(EXAMPLES_DIR, f), 'utf8'));
  return [VALID_CONFIG, ...examples];
}

/** Fragments that matter to YAML and to our rules. */
const FRAGMENTS = [
  ':',
  ': ',
  '-',
  '- ',
  ' ',
  '  ',
  '\n',
  '\t',
  '{',
  '}',
  '[',
  ']',
  ',',
  '&a ',
  '*a',
  '!!str ',
  '!tag ',
  '|',
  '>',
  "'",
  '"',
  '#',
  '%',
  '@',
  '`',
  '?',
  '? ',
  '---\n',
  '...\n',
  '${env:',
  '}',
  '\\',
  '\r\n',
  '\u00e9',
  '\u{1F600}',
  'null',
  '~',
  'true',
  '1e3',
  '0x1F',
  '-1',
  'summary',
  'customfield_',
  'target: ',
  'direction: both',
  'correlate: {',
  'http://',
  'https://',
  'site: ',
  'fields:',
  'sites:',
  'version: 2',
  '<<: *a',
  '\u0000',
  '\uFEFF',
  '\u2028',
];

function mutate(text: string, random: SeededRandom): string {
  const at = random.int(text.length + 1);
  const lines = text.split('\n');
  switch (random.int(8)) {
    case 0: // delete a span
      return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + random.int(12)));
    case 1: // insert a fragment
      return text.slice(0, at) + random.pick(FRAGMENTS) + text.slice(at);
    case 2: // replace one character
      return text.slice(0, at) + random.pick(FRAGMENTS) + text.slice(at + 1);
    case 3: {
      // duplicate a line
      const i = random.int(lines.length);
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    }
    case 4: {
      // move a line
      const [line] = lines.splice(random.int(lines.length), 1);
      lines.splice(random.int(lines.length + 1), 0, line ?? '');
      return lines.join('\n');
    }
    case 5: {
      // change a line's indentation
      const i = random.int(lines.length);
      const line = lines[i] ?? '';
      lines[i] = random.int(2) === 0 ? line.replace(/^ {1,2}/, '') : ' '.repeat(1 + random.int(3)) + line;
      return lines.join('\n');
    }
    case 6: // cut the file short
      return text.slice(0, at);
    default: {
      // copy a word of the file somewhere else
      const words = text.match(/[A-Za-z_$][\w${}:.-]*/g) ?? ['x'];
      return text.slice(0, at) + random.pick(words) + text.slice(at);
    }
  }
}

test('thousands of random mutations of the examples: no exception escapes, every range is valid', () => {
  const texts = seedTexts();
  assert.ok(texts.length >= 1);
  let checked = 0;
  let withDiagnostics = 0;
  for (const [index, original] of texts.entries()) {
    const seed = 1000 + index;
    const random = new SeededRandom(seed);
    for (let i = 0; i < MUTATIONS_PER_SEED_TEXT; i++) {
      let text = original;
      const steps = 1 + random.int(4);
      for (let s = 0; s < steps; s++) text = mutate(text, random);
      let diagnostics;
      try {
        diagnostics = validateDocument(new ConfigDocument('file:///fuzz.sync.yaml', i, text));
      } catch (error) {
        assert.fail(`seed ${seed}, mutation ${i} threw ${String(error)} on:\n${JSON.stringify(text)}`);
      }
      for (const d of diagnostics) {
        const problems = diagnosticProblems(text, d);
        assert.deepEqual(
          problems,
          [],
          `seed ${seed}, mutation ${i}: ${JSON.stringify(d)} on:\n${JSON.stringify(text)}`,
        );
      }
      if (diagnostics.length > 0) withDiagnostics++;
      checked++;
    }
  }
  // The mutations must actually break things, or the test proves nothing.
  assert.ok(withDiagnostics > checked / 2, `only ${withDiagnostics} of ${checked} mutations had diagnostics`);
});
