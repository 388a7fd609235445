// `backbone-sync validate` (DESIGN.md §7): exit 0 / 1 / 2 with the highest winning over several files, the
// text format `path:line:col: severity code message` (1-based) and the JSON array. Run in-process through
// `runCli` with a fake CliIO, and a few through the bundled `node dist/cli.js`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from '../../server/src/cli';
import type { CliIO } from '../../server/src/cli/io';
import { VALID_CONFIG } from '../helpers/configs';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const CLI_JS = join(REPO_ROOT, 'dist', 'cli.js');

let dir: string;
let stateDir: string;

/** Runs the CLI in-process in `dir`; returns the exit code and what it printed. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    stdin: Readable.from([]),
    env: { HOME: dir },
    cwd: dir,
    isTTY: false,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** Runs `node dist/cli.js` as a user would, in `dir`. */
function bundled(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI_JS, ...args],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Only the error lines of text output: other validators add hints and information to valid configs. */
function errorLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => /^[^:]+:\d+:\d+: error /.test(l));
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'backbone-cli-validate-'));
  stateDir = join(dir, 'state');
  writeFileSync(join(dir, 'valid.sync.yaml'), VALID_CONFIG);
  // line 15, column 39: `project: eng` is not a project key
  writeFileSync(join(dir, 'schema-error.sync.yaml'), VALID_CONFIG.replace('project: ENG', 'project: eng'));
  writeFileSync(join(dir, 'broken.sync.yaml'), 'version: 1\nname: [a, b\nsites: {}\n');
  writeFileSync(join(dir, 'empty.sync.yaml'), '');
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('validate: exit codes', () => {
  test('a valid config: exit 0 and no error line', async () => {
    const { code, stdout, stderr } = await cli('validate', 'valid.sync.yaml', '--state-dir', stateDir);
    assert.equal(code, 0);
    assert.deepEqual(errorLines(stdout), []);
    assert.equal(stderr, '');
  });

  test('a config with a schema error: exit 1, one 1-based line per error', async () => {
    const { code, stdout } = await cli('validate', 'schema-error.sync.yaml', '--state-dir', stateDir);
    assert.equal(code, 1);
    assert.deepEqual(errorLines(stdout), [
      'schema-error.sync.yaml:15:39: error schema A project key is upper-case letters, digits and `_`, starting with a letter (e.g. `SUP`).',
    ]);
  });

  test('broken YAML: exit 1 with a yaml-syntax error', async () => {
    const { code, stdout } = await cli('validate', 'broken.sync.yaml', '--state-dir', stateDir);
    assert.equal(code, 1);
    assert.deepEqual(errorLines(stdout), [
      'broken.sync.yaml:3:1: error yaml-syntax Broken YAML: Flow sequence in block collection must be sufficiently indented and end with a ].',
    ]);
  });

  test('an empty file: exit 1 with the empty-config error on line 1', async () => {
    const { code, stdout } = await cli('validate', 'empty.sync.yaml', '--state-dir', stateDir);
    assert.equal(code, 1);
    assert.match(errorLines(stdout)[0] ?? '', /^empty\.sync\.yaml:1:1: error schema This config is empty\./);
  });

  test('a missing file: exit 2 with a message naming it on stderr', async () => {
    const { code, stdout, stderr } = await cli('validate', 'nope.sync.yaml', '--state-dir', stateDir);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, 'backbone-sync validate: cannot read nope.sync.yaml: no such file\n');
  });

  test('no file given: exit 2 with the usage', async () => {
    const { code, stderr } = await cli('validate');
    assert.equal(code, 2);
    assert.match(stderr, /no file given/);
    assert.match(stderr, /Usage: backbone-sync validate FILE/);
  });

  test('an unknown format: exit 2', async () => {
    const { code, stderr } = await cli('validate', 'valid.sync.yaml', '--format', 'xml');
    assert.equal(code, 2);
    assert.match(stderr, /--format must be text or json/);
  });

  test('several files: the highest exit code wins, and every file is still checked', async () => {
    assert.equal(
      (await cli('validate', 'valid.sync.yaml', 'valid.sync.yaml', '--state-dir', stateDir)).code,
      0,
    );
    const one = await cli(
      'validate',
      'valid.sync.yaml',
      'broken.sync.yaml',
      'valid.sync.yaml',
      '--state-dir',
      stateDir,
    );
    assert.equal(one.code, 1);
    const two = await cli(
      'validate',
      'nope.sync.yaml',
      'broken.sync.yaml',
      'schema-error.sync.yaml',
      '--state-dir',
      stateDir,
    );
    assert.equal(two.code, 2);
    assert.deepEqual(
      errorLines(two.stdout).map((l) => l.split(':')[0]),
      ['broken.sync.yaml', 'schema-error.sync.yaml'],
    );
    const order = await cli('validate', 'broken.sync.yaml', 'nope.sync.yaml', '--state-dir', stateDir);
    assert.equal(order.code, 2);
  });
});

describe('validate: JSON output', () => {
  test('--format json prints one array of {file, line, column, endLine, endColumn, severity, code, message}', async () => {
    const { code, stdout } = await cli(
      'validate',
      'schema-error.sync.yaml',
      'broken.sync.yaml',
      '--format',
      'json',
      '--state-dir',
      stateDir,
    );
    assert.equal(code, 1);
    const all = JSON.parse(stdout) as Record<string, unknown>[];
    const errors = all.filter((d) => d.severity === 'error');
    assert.deepEqual(errors, [
      {
        file: 'schema-error.sync.yaml',
        line: 15,
        column: 39,
        endLine: 15,
        endColumn: 42,
        severity: 'error',
        code: 'schema',
        message: 'A project key is upper-case letters, digits and `_`, starting with a letter (e.g. `SUP`).',
      },
      {
        file: 'broken.sync.yaml',
        line: 3,
        column: 1,
        endLine: 3,
        endColumn: 2,
        severity: 'error',
        code: 'yaml-syntax',
        message:
          'Broken YAML: Flow sequence in block collection must be sufficiently indented and end with a ].',
      },
    ]);
    for (const d of all) {
      assert.deepEqual(Object.keys(d).sort(), [
        'code',
        'column',
        'endColumn',
        'endLine',
        'file',
        'line',
        'message',
        'severity',
      ]);
      assert.ok(['error', 'warning', 'info', 'hint'].includes(d.severity as string));
    }
  });

  test('--format json of a valid config is an array without errors', async () => {
    const { code, stdout } = await cli(
      'validate',
      'valid.sync.yaml',
      '--format',
      'json',
      '--state-dir',
      stateDir,
    );
    assert.equal(code, 0);
    const all = JSON.parse(stdout) as { severity: string }[];
    assert.ok(Array.isArray(all));
    assert.deepEqual(
      all.filter((d) => d.severity === 'error'),
      [],
    );
  });
});

describe('validate through node dist/cli.js', () => {
  test('exit 0 for the shipped examples', async () => {
    const examples = ['priorities-and-statuses', 'support-to-engineering', 'support-to-partner'].map((n) =>
      join(REPO_ROOT, 'examples', `${n}.sync.yaml`),
    );
    const { code, stdout, stderr } = await bundled('validate', ...examples, '--state-dir', stateDir);
    assert.equal(code, 0, stdout + stderr);
    assert.deepEqual(errorLines(stdout), []);
  });

  test('exit 1 and the same text line as in-process for a broken config', async () => {
    const { code, stdout } = await bundled('validate', 'schema-error.sync.yaml', '--state-dir', stateDir);
    assert.equal(code, 1);
    const inProcess = await cli('validate', 'schema-error.sync.yaml', '--state-dir', stateDir);
    assert.equal(stdout, inProcess.stdout);
  });

  test('exit 2 for a missing file and for no file', async () => {
    assert.equal((await bundled('validate', 'nope.sync.yaml')).code, 2);
    assert.equal((await bundled('validate')).code, 2);
  });

  test('JSON output parses', async () => {
    const { code, stdout } = await bundled('validate', 'broken.sync.yaml', '--format', 'json');
    assert.equal(code, 1);
    const parsed = JSON.parse(stdout) as { code: string }[];
    assert.deepEqual(
      parsed.map((d) => d.code),
      ['yaml-syntax'],
    );
  });
});
