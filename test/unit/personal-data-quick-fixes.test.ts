// Golden tests for the personal-data quick fixes: each `*.input.yaml` under test/fixtures/personal-data-fixes
// carries one `# want "CODE" fix="TITLE PREFIX"` marker on the line of the diagnostic; applying that fix
// must give `*.expected.yaml` byte for byte. `UPDATE_GOLDEN=1` rewrites the expected files (review the diff).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TextEdit } from 'vscode-languageserver-types';
import { ConfigDocument } from '../../server/src/config/document';
import { validateDocument } from '../../server/src/config/validate';
import { personalDataCodeActions } from '../../server/src/personal-data/quick-fixes';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const dir = join(fixtures, 'personal-data-fixes');
const context = { stateDir: fixtures };

function offsetOf(text: string, line: number, character: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) offset = text.indexOf('\n', offset) + 1;
  return offset + character;
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const located = edits.map((e) => ({
    start: offsetOf(text, e.range.start.line, e.range.start.character),
    end: offsetOf(text, e.range.end.line, e.range.end.character),
    newText: e.newText,
  }));
  located.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of located) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.input.yaml'))
  .sort()) {
  const name = file.replace(/\.input\.yaml$/, '');
  test(`quick fix golden: ${name}`, () => {
    const text = readFileSync(join(dir, file), 'utf8');
    const lines = text.split('\n');
    const markerLine = lines.findIndex((l) => l.includes('# want "'));
    assert.ok(markerLine >= 0, `${file} has no # want marker`);
    const marker = /# want "([a-z-]+)" fix="([^"]+)"/.exec(lines[markerLine] ?? '');
    assert.ok(marker, `${file}: malformed marker`);
    const [, code, fixTitle] = marker as unknown as [string, string, string];
    const uri = `file:///fixtures/${file}`;
    const doc = new ConfigDocument(uri, 1, text);
    const diagnostic = validateDocument(doc, context).find(
      (d) => d.code === code && d.range.start.line === markerLine,
    );
    assert.ok(diagnostic, `${file}: no ${code} diagnostic on line ${markerLine + 1}`);
    const actions = personalDataCodeActions(doc, diagnostic, uri);
    const chosen = actions.find((a) => a.title.startsWith(fixTitle));
    assert.ok(
      chosen,
      `${file}: no fix titled "${fixTitle}…" among ${JSON.stringify(actions.map((a) => a.title))}`,
    );
    assert.equal(chosen.kind, 'quickfix');
    assert.deepEqual(chosen.diagnostics, [diagnostic]);
    const edits = chosen.edit?.changes?.[uri];
    assert.ok(edits && edits.length > 0);
    const result = applyEdits(text, edits);
    const expectedPath = join(dir, `${name}.expected.yaml`);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(expectedPath)) writeFileSync(expectedPath, result);
    assert.equal(result, readFileSync(expectedPath, 'utf8'));
    // The fixed config still parses, and the fixed problem is gone from that mapping.
    const fixed = validateDocument(new ConfigDocument(uri, 2, result), context);
    assert.ok(!fixed.some((d) => d.code === 'yaml-syntax' || d.code === 'schema'), JSON.stringify(fixed));
    if (fixTitle.startsWith('Allow personal data')) {
      assert.ok(!fixed.some((d) => d.code === 'personal-data-field' && d.severity === 1));
    }
    if (fixTitle.startsWith('Map')) assert.ok(!fixed.some((d) => d.code === 'personal-data-as-text'));
  });
}

test('quick fixes: no action for codes that are not personal data', () => {
  const text = 'version: 1\nname: x\nfields: { summary: summary }\n';
  const doc = new ConfigDocument('file:///x.sync.yaml', 1, text);
  const other = validateDocument(doc).find((d) => d.code === 'schema');
  assert.ok(other);
  assert.deepEqual(personalDataCodeActions(doc, other, doc.uri), []);
});

test('quick fixes: the information form of personal-data-field offers removal but not the switch', () => {
  const text = readFileSync(join(dir, 'as-text-to-user-field.input.yaml'), 'utf8');
  const doc = new ConfigDocument('file:///a.sync.yaml', 1, text);
  const info = validateDocument(doc, context).find((d) => d.code === 'personal-data-field');
  assert.ok(info);
  assert.equal(info.severity, 3);
  assert.deepEqual(
    personalDataCodeActions(doc, info, doc.uri).map((a) => a.title),
    ['Remove the mapping of `reporter`'],
  );
});
