// The extension package: what the .vsix ships (DESIGN.md §3), its size, and the bundle size budget.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const vsce = join(root, 'node_modules', '.bin', 'vsce');

/** What a user needs; everything else (sources, tests, configs of the repo) stays out. */
const ALLOWED = [
  /^dist\//,
  /^schemas\//,
  /^syntaxes\//,
  /^media\//,
  /^language-configuration\.json$/,
  /^examples\//,
  /^docs\//,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^LICENSE(\.md|\.txt)?$/,
  /^package\.json$/,
];

test('the .vsix lists only dist/, schemas/, syntaxes/, media/, examples/, docs/, the language configuration, README, CHANGELOG, LICENSE and package.json', () => {
  const result = spawnSync(vsce, ['ls', '--no-dependencies'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(result.status, 0, result.stderr);
  const files = result.stdout.split('\n').filter(Boolean);
  const unexpected = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
  assert.deepEqual(unexpected, [], `files that should not ship: ${unexpected.join(', ')}`);
  for (const needed of [
    'dist/extension.js',
    'dist/server.js',
    'dist/cli.js',
    'dist/sql-wasm.wasm',
    'package.json',
  ]) {
    assert.ok(files.includes(needed), `${needed} must ship`);
  }
  assert.ok(
    !files.some((f) => f.startsWith('docs/images/')),
    'README screenshots are served from the repository',
  );
});

test('dist/extension.js stays under 600 KB minified', () => {
  const size = statSync(join(root, 'dist', 'extension.js')).size;
  assert.ok(size < 600 * 1024, `dist/extension.js is ${Math.round(size / 1024)} KB`);
});

test('the packaged .vsix is under 5 MB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bbs-vsix-'));
  try {
    const out = join(dir, 'backbone-sync.vsix');
    const result = spawnSync(vsce, ['package', '--no-dependencies', '--out', out], {
      cwd: root,
      encoding: 'utf8',
      timeout: 180_000,
    });
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    const size = statSync(out).size;
    assert.ok(size < 5 * 1024 * 1024, `the .vsix is ${(size / 1024 / 1024).toFixed(2)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
