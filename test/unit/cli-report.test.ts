// `backbone-sync report` in-process: the tables for the examples, JSON, snapshot classification, and exit
// codes as `validate` (0 no errors, 1 any error, 2 usage or I/O; over several files the highest wins).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../../server/src/cli';
import type { ReportJson } from '../../server/src/personal-data/report';

const root = join(import.meta.dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures');

async function report(args: string[], cwd = root): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['report', ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    stdin: new PassThrough(),
    env: { HOME: join(fixtures, 'no-home') },
    cwd,
    isTTY: false,
  });
  return { code, stdout, stderr };
}

const PARTNER = [
  'version: 1',
  'name: support-to-partner',
  'sites:',
  '  support: { url: https://acme-support.atlassian.net, underYourControl: true }',
  '  partner: { url: https://partner.atlassian.net }',
  'source: { site: support, project: SUP }',
  'target: { site: partner, project: ENG }',
  'PERSONAL',
  'fields:',
  '  summary: summary',
  '  assignee: assignee',
  '  customfield_10010: customfield_20012',
  '  customfield_10020: customfield_20011',
  'comments: { sync: true }',
  'issueTypes: { Bug: Bug, "Service Request": Bug }',
  '',
].join('\n');

function withTemp(files: Record<string, string>, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pd-report-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return body(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('report prints the overview and per-site tables for the examples and exits 0', async () => {
  const { code, stdout, stderr } = await report([
    'examples/support-to-partner.sync.yaml',
    'examples/support-to-engineering.sync.yaml',
    '--state-dir',
    join(fixtures, 'no-such-state-dir'),
  ]);
  assert.equal(stderr, '');
  assert.equal(code, 0);
  assert.match(stdout, /^# Personal-data report\n/);
  assert.ok(
    stdout.includes(
      '| support-to-partner | on | Assignee, Reporter, Watchers, comment authors | Summary, Description, comment bodies | partner | 30 days |',
    ),
  );
  assert.ok(
    stdout.includes(
      '| support-to-engineering | off | — | Summary, Description, comment bodies | — | 30 days |',
    ),
  );
  assert.ok(
    stdout.includes(
      '| `partner` (https://partner.atlassian.net) | **no** | Assignee, Reporter, Watchers, comment authors | — | Summary, Description, comment bodies | — |',
    ),
  );
  assert.ok(
    stdout.includes(
      '| `support` (https://acme-support.atlassian.net) | yes | — | Assignee, Reporter, Watchers, comment authors | — | Summary, Description, comment bodies |',
    ),
  );
  assert.match(stdout, /\*\*Not under your control:\*\* `partner` receives personal data\./);
  assert.match(
    stdout,
    /Account IDs only \(never names, email addresses or avatars\), only while a troubleshooting entry needs them\. Deleted 30 days after/,
  );
  assert.match(stdout, /Comments are posted by the sync user without author attribution/);
});

test('report --format json classifies user custom fields from the snapshot and lists what is stored', async () => {
  await withTemp(
    { 'p.sync.yaml': PARTNER.replace('PERSONAL', 'personalData: { exchange: true, retentionDays: 7 }') },
    async (dir) => {
      const { code, stdout } = await report(
        ['p.sync.yaml', '--format', 'json', '--state-dir', fixtures],
        dir,
      );
      assert.equal(code, 0);
      const json = JSON.parse(stdout) as ReportJson;
      assert.equal(json.version, 1);
      assert.deepEqual(json.unreadable, []);
      const config = json.configs[0]!;
      assert.equal(config.name, 'support-to-partner');
      assert.equal(config.valid, true);
      assert.equal(config.retentionDays, 7);
      assert.deepEqual(config.stored.retentionDays, 7);
      assert.deepEqual(
        config.personalData.map((m) => [m.what, m.mapping, m.line, m.from, m.to]),
        [
          ['Assignee', '`assignee` → `assignee`', 11, ['support'], ['partner']],
          [
            'Customer contact (user picker)',
            '`customfield_10010` → `customfield_20012`',
            12,
            ['support'],
            ['partner'],
          ],
          ['comment authors', '`comments`', 14, ['support'], ['partner']],
        ],
      );
      assert.deepEqual(
        config.freeText.map((m) => m.what),
        ['Summary', 'Customer notes', 'comment bodies'],
      );
      assert.deepEqual(config.uncontrolledTargets, ['partner']);
      assert.deepEqual(config.unclassifiedFields, []);
      assert.deepEqual(
        config.sites.find((s) => s.name === 'partner'),
        {
          name: 'partner',
          url: 'https://partner.atlassian.net',
          underYourControl: false,
          personalDataIn: ['Assignee', 'Customer contact (user picker)', 'comment authors'],
          personalDataOut: [],
          freeTextIn: ['Summary', 'Customer notes', 'comment bodies'],
          freeTextOut: [],
        },
      );
    },
  );
});

test('report exits 1 when a config maps a user field with exchange off, and marks the mapping refused', async () => {
  await withTemp({ 'p.sync.yaml': PARTNER.replace('PERSONAL', '# personalData not set') }, async (dir) => {
    const { code, stdout } = await report(['p.sync.yaml', '--state-dir', fixtures], dir);
    assert.equal(code, 1);
    assert.ok(
      stdout.includes(
        '| Assignee | `assignee` → `assignee` | 11 | support → partner | refused: `exchange` is off |',
      ),
    );
    assert.match(stdout, /\*\*This config has errors, so `run` refuses it\.\*\*/);
    assert.match(stdout, /- line 11: error `personal-data-field`: `assignee` \(Assignee\) is a user field/);
    assert.match(
      stdout,
      /\| support-to-partner \| off \| Assignee \(refused\), Customer contact \(user picker\) \(refused\) \|/,
    );
  });
});

test('report exits 1 on broken YAML, 2 on a missing file, and the highest code wins', async () => {
  await withTemp(
    {
      'broken.sync.yaml': 'version: 1\nfields: [\n',
      'ok.sync.yaml': PARTNER.replace('PERSONAL', 'personalData: { exchange: true }'),
    },
    async (dir) => {
      assert.equal((await report(['ok.sync.yaml', '--state-dir', fixtures], dir)).code, 0);
      assert.equal(
        (await report(['ok.sync.yaml', 'broken.sync.yaml', '--state-dir', fixtures], dir)).code,
        1,
      );
      const missing = await report(['broken.sync.yaml', 'missing.sync.yaml', '--state-dir', fixtures], dir);
      assert.equal(missing.code, 2);
      assert.equal(missing.stderr, 'backbone-sync report: cannot read missing.sync.yaml: no such file\n');
      assert.match(
        missing.stdout,
        /- Could not read `missing\.sync\.yaml`: cannot read missing\.sync\.yaml: no such file/,
      );
    },
  );
});

test('report usage errors exit 2 with a sentence on stderr', async () => {
  const none = await report([]);
  assert.equal(none.code, 2);
  assert.equal(
    none.stderr,
    'backbone-sync report: no file given.\nUsage: backbone-sync report FILE… [--format markdown|json] [--state-dir DIR]\n',
  );
  const format = await report(['examples/support-to-partner.sync.yaml', '--format', 'html']);
  assert.equal(format.code, 2);
  assert.equal(format.stderr, "backbone-sync report: --format must be markdown or json, not 'html'.\n");
  const unknown = await report(['--colour']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^backbone-sync report: Unknown option '--colour'/);
  const help = await report(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: backbone-sync report FILE…/);
});

test('the report holds no email address from the config, even one written outside auth.email', async () => {
  const text = PARTNER.replace('PERSONAL', 'personalData: { exchange: true }').replace(
    '  summary: summary',
    '  summary: summary\n  priority: { target: priority, correlate: { "alice@acme.com": P1 } }',
  );
  await withTemp({ 'p.sync.yaml': text }, async (dir) => {
    const { stdout } = await report(['p.sync.yaml', '--state-dir', fixtures], dir);
    assert.ok(!stdout.includes('alice@acme.com'));
    assert.match(stdout, /\*\*Email addresses written in the config:\*\* 1 \(outside `auth\.email`\)/);
  });
});

/** Runs the bundled `node dist/cli.js report …` as a terminal would. */
function bundled(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(root, 'dist', 'cli.js'), 'report', ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd }, timeout: 60_000 },
      (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

test('the bundled dist/cli.js prints the same report and exit codes as in-process', async (t) => {
  if (!existsSync(join(root, 'dist', 'cli.js'))) {
    t.skip('dist/cli.js is not built (npm test builds it)');
    return;
  }
  await withTemp({ 'p.sync.yaml': PARTNER.replace('PERSONAL', '# personalData not set') }, async (dir) => {
    const args = ['p.sync.yaml', '--state-dir', fixtures];
    const [outside, inside] = await Promise.all([bundled(args, dir), report(args, dir)]);
    assert.equal(outside.code, 1, outside.stderr);
    assert.equal(outside.stdout, inside.stdout);
    const missing = await bundled(['nope.sync.yaml'], dir);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'backbone-sync report: cannot read nope.sync.yaml: no such file\n');
  });
});
