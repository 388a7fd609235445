// Every diagnostic links to its help section: a file:// URI of the shipped docs/diagnostics.md (or
// docs/personal-data.md) with the code as anchor, and that section exists (DESIGN.md §5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DIAGNOSTIC_CODES } from '../../server/src/config/codes';
import { helpUri } from '../../server/src/config/diagnostic';
import { helpHref } from '../helpers/diagnose';

/** The codes the foundation emits (personal-data and metadata codes are tested by their own suites). */
const FOUNDATION_CODES = [
  'yaml-syntax',
  'schema',
  'multiple-documents',
  'file-too-large',
  'unknown-site',
  'unknown-field',
  'duplicate-target',
  'direction-unsupported',
  'required-field-unmapped',
  'inline-secret',
] as const;

test('every code links to a file:// URI of the repository docs, with the code as anchor', () => {
  for (const code of DIAGNOSTIC_CODES) {
    const href = helpUri(code);
    assert.equal(href, helpHref(code));
    assert.match(href, /^file:\/\/.*\/docs\/(diagnostics|personal-data)\.md#[a-z-]+$/);
  }
});

test('docs/diagnostics.md has a `## code` section for every foundation code', () => {
  for (const code of FOUNDATION_CODES) {
    const path = fileURLToPath(helpUri(code).replace(/#.*$/, ''));
    assert.ok(existsSync(path), `${path} is missing`);
    assert.match(readFileSync(path, 'utf8'), new RegExp(`^## ${code}$`, 'm'), `no "## ${code}" in ${path}`);
  }
});
