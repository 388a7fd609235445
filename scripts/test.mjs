// `npm test`: format, lint, types, build, then every node:test suite, then the end-to-end suite in a
// real VS Code when a host is installed (`npm run setup:e2e`). Fails on the first failing step.
// `npm test -- PATTERN` runs only the test files whose path contains PATTERN (and skips the static checks).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules/.bin', name);
const filter = process.argv[2];

function run(title, cmd, args, env = {}) {
  console.log(`\n== ${title}`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function testFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'vscode' && name !== 'node_modules') out.push(...testFiles(path));
    } else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out.sort();
}

const steps = [];
if (!filter) {
  steps.push(['format (prettier --check)', bin('prettier'), ['--check', '--log-level', 'warn', '.']]);
  steps.push(['lint (eslint)', bin('eslint'), ['--max-warnings', '0', '.']]);
  steps.push(['types (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', '.']]);
}
steps.push(['build (esbuild)', process.execPath, ['scripts/build.mjs']]);
const files = testFiles(join(root, 'test')).filter((f) => !filter || f.includes(filter));
// With no file, `node --test` would fall back to its own default glob: run nothing instead.
if (files.length > 0) {
  steps.push([
    `unit, protocol, emulator and engine tests (${files.length} files)`,
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', ...files],
  ]);
}

for (const [title, cmd, args] of steps) {
  const status = run(title, cmd, args);
  if (status !== 0) {
    console.error(`\n${title} failed (exit ${status})`);
    process.exit(status);
  }
}

if (!filter || filter.includes('vscode')) {
  // The end-to-end runner exits 77 when no VS Code host is installed (and BACKBONE_E2E is not "required").
  const status = run('end-to-end suite in a real VS Code', process.execPath, [
    '--import',
    'tsx',
    'test/vscode/host/run-e2e.ts',
  ]);
  if (status === 77) {
    console.log(
      '\nSkipped the end-to-end suite: no VS Code host is installed. Run `npm run setup:e2e` once to enable it.',
    );
  } else if (status !== 0) {
    console.error(`\nend-to-end suite failed (exit ${status})`);
    process.exit(status);
  }
}
