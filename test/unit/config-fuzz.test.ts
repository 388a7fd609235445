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
import { mutate } from '../helpers/mutate';
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
