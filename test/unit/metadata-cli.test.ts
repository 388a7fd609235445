// `backbone-sync validate --state-dir DIR` shows the metadata predictions exactly as the editor computes them
// (DESIGN.md §3: one engine, two front ends), and its exit code counts their errors. Runs the built dist/cli.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigDocument } from '../../server/src/config/document';
import { validateDocument } from '../../server/src/config/validate';

const run = promisify(execFile);
const REPO = join(import.meta.dirname, '..', '..');
const CLI = join(REPO, 'dist', 'cli.js');
const STATE = join(REPO, 'test', 'fixtures', 'metadata-checks', 'state');

const CONFIG = [
  'version: 1',
  'name: support-to-partner',
  'sites:',
  '  support:',
  '    url: https://acme-support.atlassian.net',
  "    auth: { email: sync-bot@acme.com, token: '${env:SUPPORT_JIRA_TOKEN}' }",
  '    underYourControl: true',
  '  partner:',
  '    url: https://partner.atlassian.net',
  "    auth: { email: sync-bot@acme.com, token: '${env:PARTNER_JIRA_TOKEN}' }",
  '    underYourControl: true',
  'source: { site: support, project: SUP }',
  'target: { site: partner, project: ENG }',
  'issueTypes:',
  '  Bug: Bug',
  '  Service Request: Tsk',
  'fields:',
  '  summary: summary',
  '  environment: environment',
  'statuses:',
  "  Resolved: Won't Do",
  '',
].join('\n');

interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
}

async function validate(args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [CLI, 'validate', ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: tmpdir() },
    });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

test('validate --state-dir prints the metadata predictions the editor shows, and exits 1 on their errors', async (t) => {
  if (!existsSync(CLI)) return t.skip('dist/cli.js is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'backbone-cli-metadata-'));
  try {
    const file = join(dir, 'support-to-partner.sync.yaml');
    writeFileSync(file, CONFIG);
    const { code, stdout } = await validate(['--state-dir', STATE, '--format', 'json', file]);
    assert.equal(code, 1);
    const printed = (JSON.parse(stdout) as JsonDiagnostic[]).map((d) => [
      d.line,
      d.column,
      d.code,
      d.message,
    ]);
    // The editor's result for the same text and state directory (its clock: the fixtures are a few days old).
    const doc = new ConfigDocument('file:///x', 1, CONFIG);
    const editor = validateDocument(doc, { stateDir: STATE }).map((d) => [
      d.range.start.line + 1,
      d.range.start.character + 1,
      d.code,
      d.message,
    ]);
    assert.deepEqual(printed, editor);
    const codes = printed.map(([line, , c]) => `${String(line)}:${String(c)}`);
    for (const wanted of ['16:unknown-issue-type', '19:field-not-on-screen', '21:status-unreachable']) {
      assert.ok(codes.includes(wanted), `${wanted} in ${codes.join(', ')}`);
    }

    const text = await validate(['--state-dir', STATE, file]);
    assert.match(
      text.stdout,
      /:19:16: error field-not-on-screen Field `environment` \(Environment\) is not on the Create screen of ENG \/ Bug: /,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('validate with an empty --state-dir reports only metadata-missing (information: exit 0 for an otherwise valid config)', async (t) => {
  if (!existsSync(CLI)) return t.skip('dist/cli.js is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'backbone-cli-metadata-'));
  try {
    const file = join(dir, 'support-to-partner.sync.yaml');
    writeFileSync(file, CONFIG.replace('Tsk', 'Task'));
    const { code, stdout } = await validate(['--state-dir', join(dir, 'state'), '--format', 'json', file]);
    assert.equal(code, 0);
    const metadata = (JSON.parse(stdout) as JsonDiagnostic[]).filter(
      (d) => !d.code.startsWith('personal-data-'),
    );
    assert.deepEqual(
      metadata.map((d) => [d.line, d.severity, d.code]),
      [
        [4, 'info', 'metadata-missing'],
        [8, 'info', 'metadata-missing'],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
