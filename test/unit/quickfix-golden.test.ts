// Golden tests for the config quick fixes: each `*.input.yaml` under test/fixtures/quickfix carries one
// `# want "CODE" fix="TITLE"` marker on the line of the diagnostic; applying the fix with that exact title,
// found through the code-action dispatcher from the diagnostic's `data`, must give `*.expected.yaml` byte
// for byte. `UPDATE_GOLDEN=1` writes the expected files (review the diff).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TextEdit } from 'vscode-languageserver-types';
import { ConfigDocument } from '../../server/src/config/document';
import { validateDocument } from '../../server/src/config/validate';
import { codeActions } from '../../server/src/language/code-actions';

const dir = join(import.meta.dirname, '..', 'fixtures', 'quickfix');

function offsetOf(text: string, line: number, character: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) offset = text.indexOf('\n', offset) + 1;
  return offset + character;
}

/** Applies edits as an editor does: all against the original text, last first. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const located = edits
    .map((e) => ({
      start: offsetOf(text, e.range.start.line, e.range.start.character),
      end: offsetOf(text, e.range.end.line, e.range.end.character),
      newText: e.newText,
    }))
    .sort((a, b) => b.start - a.start);
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
    const marker = /# want "([a-z-]+)" fix="([^"]+)"/.exec(lines[markerLine] ?? '');
    assert.ok(marker, `${file} has no # want "CODE" fix="TITLE" marker`);
    const [, code, title] = marker as unknown as [string, string, string];
    const uri = `file:///fixtures/${file}`;
    const doc = new ConfigDocument(uri, 1, text);
    const diagnostics = validateDocument(doc);
    const diagnostic = diagnostics.find((d) => d.code === code && d.range.start.line === markerLine);
    assert.ok(
      diagnostic,
      `${file}: no ${code} on line ${markerLine + 1}; got ${JSON.stringify(diagnostics.map((d) => [d.code, d.range.start.line + 1, d.message]))}`,
    );
    // The client sends diagnostics back as JSON: the fix must work from that copy, not from our objects.
    const sentBack = JSON.parse(JSON.stringify(diagnostic)) as typeof diagnostic;
    const actions = codeActions(doc, [sentBack], uri);
    const chosen = actions.find((a) => a.title === title);
    assert.ok(chosen, `${file}: no fix "${title}" among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(chosen.kind, 'quickfix');
    assert.deepEqual(chosen.diagnostics, [sentBack]);
    const edits = chosen.edit?.changes?.[uri];
    assert.ok(edits && edits.length > 0, `${file}: the fix has no edits for ${uri}`);
    const fixed = applyEdits(text, edits);
    const expectedPath = join(dir, `${name}.expected.yaml`);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(expectedPath)) {
      if (process.env.UPDATE_GOLDEN !== '1')
        assert.fail(`${expectedPath} is missing: run with UPDATE_GOLDEN=1`);
      writeFileSync(expectedPath, fixed);
    }
    assert.equal(fixed, readFileSync(expectedPath, 'utf8'));
  });
}
