// Privacy (DESIGN.md §9.1): after runs with failing user-field imports, no byte in the state directory or the
// CLI's output holds a display name, email address, avatar URL, token or Jira error text of the seed; after
// erase-account, not even the account ID.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../server/src/cli';
import type { CliIO } from '../../server/src/cli/io';
import { startHarness, sites, type Harness } from './helpers';
import type { Seed } from '../jira-emulator/index';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

function stateBytes(h: Harness): string {
  return filesUnder(h.stateDir)
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');
}

async function cli(h: Harness, args: string[]): Promise<{ code: number; output: string }> {
  let output = '';
  const { Readable } = await import('node:stream');
  const io: CliIO = {
    stdout: (t) => (output += t),
    stderr: (t) => (output += t),
    stdin: Readable.from([]),
    env: h.env,
    cwd: h.dir,
    isTTY: false,
  };
  const code = await runCli(args, io);
  return { code, output };
}

test(
  'no display name, email, avatar URL, token or Jira error text is stored or printed; erase-account removes the account ID',
  { timeout: 300_000 },
  async () => {
    const jiraTexts = new Set<string>();
    const avatarUrls = new Set<string>();
    const collect = (value: unknown, inError: boolean): void => {
      if (typeof value === 'string') {
        if (inError && value.length > 6) jiraTexts.add(value);
        if (/avatar/i.test(value) && /^https?:/.test(value)) avatarUrls.add(value);
      } else if (Array.isArray(value)) value.forEach((v) => collect(v, inError));
      else if (value && typeof value === 'object') Object.values(value).forEach((v) => collect(v, inError));
    };
    const h = await startHarness('demo.json', (response) => collect(response.body, response.status >= 400));
    try {
      const yaml = `version: 1
name: privacy
${sites()}personalData: { exchange: true, users: account-id }
issueTypes: { Bug: Bug, "Service Request": Task }
fields:
  summary: summary
  priority: { target: priority, correlate: { Highest: P1, High: P2, Medium: P3, Low: P4 }, default: P3 }
  customfield_10041: { target: customfield_20012, default: "n/a" }
  assignee: assignee
  customfield_10040: customfield_20010
  reporter: { target: customfield_20011, as: text }
  environment: environment
comments: { sync: true }
`;
      const path = h.writeConfig(yaml, 'privacy.sync.yaml');
      const first = await cli(h, ['run', path, '--state-dir', h.stateDir]);
      assert.equal(first.code, 1, first.output);
      const second = await cli(h, ['run', path, '--state-dir', h.stateDir, '--events', 'ndjson']);
      const entries = await cli(h, [
        'entries',
        '--state-dir',
        h.stateDir,
        '--state',
        'all',
        '--format',
        'json',
      ]);
      const output = first.output + second.output + entries.output;
      assert.match(entries.output, /user-not-found/);
      assert.ok(jiraTexts.size > 0, 'Jira answered with error texts');

      const seed = JSON.parse(
        readFileSync(join(import.meta.dirname, '../jira-emulator/seeds/demo.json'), 'utf8'),
      ) as Seed;
      const people = Object.values(seed.sites).flatMap((site) => Object.values(site.users));
      const secrets = [
        ...people.flatMap((u) => [
          u.displayName,
          u.email,
          // Surnames alone too (the bot's generic words would match our own text).
          ...(u.displayName.includes('Bot') ? [] : u.displayName.split(' ').filter((p) => p.length > 3)),
        ]),
        ...people.map((u) => u.apiToken).filter((t): t is string => typeof t === 'string'),
        ...avatarUrls,
        ...jiraTexts,
      ];
      const stored = stateBytes(h);
      for (const secret of secrets) {
        assert.ok(!stored.includes(secret), `the state directory holds '${secret}'`);
        assert.ok(!output.includes(secret), `the CLI printed '${secret}'`);
      }

      // The account ID of a user that did not resolve is kept as the pending change's reference…
      const accountId = '712020:3e5b7a9c-6f8d-4b1e-8a55-7c9e1f3a4b06';
      assert.ok(stateBytes(h).includes(accountId), 'the open entry references the account ID');
      // …until erase-account removes every stored reference to it.
      const erased = await cli(h, ['erase-account', accountId, '--state-dir', h.stateDir]);
      assert.equal(erased.code, 0, erased.output);
      assert.ok(!stateBytes(h).includes(accountId), 'no byte of the account ID is left');
    } finally {
      await h.close();
    }
  },
);
