// Data-protection requests from the editor (DESIGN.md §2, §6 "Personal-data requests", §9.1):
// `backbone.personalDataReport` shows the CLI's personal-data report of the workspace's configs, and
// `backbone.eraseAccount` removes every stored reference to one account from the state directory and shows the
// checklist of target issues where that person still appears.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RunResult } from '../../../client/src/runs';
import { configListed, extensionApi, extensionDocument, shownEntries, tabLabels } from './api';
import { emulator, emulatorUrl, useEmulatorEnvironment, writeWorkspaceFile } from './emulator';
import { test } from './harness';
import {
  EXTENSION_ID,
  exampleConfig,
  filesContaining,
  runCli,
  setEnvironment,
  stateDirectory,
  waitForEvent,
  withPrompts,
} from './helpers';

const DEMO_SYNC = 'demo-support-to-engineering';

/** The demo seed's sites and tokens, for the `${env:DEMO_*}` references of the demo config. */
function demoEnvironment(): () => void {
  return setEnvironment({
    DEMO_SUPPORT_URL: `${emulatorUrl()}/support`,
    DEMO_ENGINEERING_URL: `${emulatorUrl()}/engineering`,
    DEMO_SUPPORT_TOKEN: 'demo-support-token',
    DEMO_ENGINEERING_TOKEN: 'demo-engineering-token',
  });
}

/** One config's part of a report (`## NAME` up to the next config), with the config's path made neutral. */
function reportSection(markdown: string, sync: string): string {
  const start = markdown.indexOf(`\n## ${sync}\n`);
  assert.ok(start >= 0, `the report has a section for ${sync}:\n${markdown}`);
  const next = markdown.indexOf('\n## ', start + 1);
  return markdown
    .slice(start, next < 0 ? undefined : next)
    .replace(/`[^`\n]*demo\.sync\.yaml`/g, '`CONFIG`')
    .trim();
}

/** The report's overview row of one config. */
function overviewRow(markdown: string, sync: string): string | undefined {
  return markdown.split('\n').find((line) => line.startsWith(`| ${sync} |`));
}

/** Waits until an editor tab's label contains `text` (a Markdown preview is labelled "Preview NAME.md"). */
async function tabShown(text: string): Promise<void> {
  if (tabLabels().some((label) => label.includes(text))) return;
  await waitForEvent(
    vscode.window.tabGroups.onDidChangeTabs,
    () => tabLabels().some((label) => label.includes(text)),
    `a tab showing ${text}`,
  );
}

test(
  'personalDataReport opens a Markdown preview whose section for the demo config lists its personal-data flows as `backbone-sync report` does',
  async () => {
    const api = await extensionApi();
    // The shipped demo config, byte for byte, in the workspace.
    const uri = await writeWorkspaceFile('demo.sync.yaml', exampleConfig('demo.sync.yaml'));
    await configListed(api, uri);
    const reportUri = await withPrompts({}, async (said) => {
      const shown = await vscode.commands.executeCommand<vscode.Uri | undefined>(
        'backbone.personalDataReport',
      );
      assert.deepEqual(said.errors, [], 'the report shows no error');
      return shown;
    });
    assert.ok(reportUri, 'the command resolves to the report document');
    await tabShown('personal-data-report');
    const report = await extensionDocument(reportUri);

    // What the CLI reports for examples/demo.sync.yaml (same state directory, so the same classification).
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath as string;
    const cli = await runCli([
      'report',
      join(extensionPath, 'examples', 'demo.sync.yaml'),
      '--format',
      'markdown',
      '--state-dir',
      stateDirectory(),
    ]);
    assert.equal(cli.exitCode, 0, cli.stderr);
    assert.equal(reportSection(report, DEMO_SYNC), reportSection(cli.stdout, DEMO_SYNC));
    assert.equal(overviewRow(report, DEMO_SYNC), overviewRow(cli.stdout, DEMO_SYNC));

    // The flows themselves, in the demo config's words and lines.
    const section = reportSection(report, DEMO_SYNC);
    for (const row of [
      '| Assignee | `assignee` → `assignee` | 33 | support → engineering | flows (account ID) |',
      '| Reporter | `reporter` → `customfield_20011` as text | 34 | support → engineering | flows; copied as text (untracked) |',
      '| Watchers | `watchers` → `watchers` | 38 | support → engineering | flows (account ID) |',
      '| comment authors | `comments` | 45 | support → engineering | flows (account ID) |',
    ]) {
      assert.ok(section.includes(row), `the report lists ${row}`);
    }
    assert.match(
      overviewRow(report, DEMO_SYNC) ?? '',
      /\| on \| Assignee, Reporter, Watchers, comment authors \|/,
    );
  },
  { timeoutMs: 90_000 },
);

// The demo config without its watchers mapping: the emulator's JQL has no `watcher` clause, so with it the
// checklist search answers HTTP 400 and erase-account ends with exit 3 ("not searched") against the emulator.
const ERASE_SYNC = 'e2e-erase';
const ERASE_TEXT = exampleConfig('demo.sync.yaml')
  .replace(/^name: .*$/m, `name: ${ERASE_SYNC}`)
  .replace(/^ {2}watchers: watchers\n/m, '');

test(
  'eraseAccount removes an account ID of an open user-not-found entry from every byte of the state directory and shows the checklist',
  async () => {
    const api = await extensionApi();
    useEmulatorEnvironment();
    const undo = demoEnvironment();
    try {
      await emulator.reset();
      await emulator.clearFaults();
      const uri = await writeWorkspaceFile(`${ERASE_SYNC}.sync.yaml`, ERASE_TEXT);
      // erase-account is handed the tokens of the configs the extension knows: this one must be among them.
      await configListed(api, uri);
      const run = await withPrompts({}, async () =>
        vscode.commands.executeCommand<RunResult>('backbone.runSync', uri),
      );
      assert.equal(run.exitCode, 1, `the demo run opens entries: ${JSON.stringify(run)}`);

      const accounts = shownEntries(api)
        .filter((e) => e.sync === ERASE_SYNC && e.category === 'user-not-found')
        .flatMap((e) => e.pendingChange?.accountIds ?? []);
      assert.ok(accounts.length >= 2, `user-not-found entries with account IDs: ${JSON.stringify(accounts)}`);
      const [erased, kept] = accounts as [string, string];
      const state = stateDirectory();
      assert.notDeepEqual(filesContaining(state, erased), [], 'the run stored the account ID');

      const exitCode = await withPrompts(
        {
          input: (options) => {
            assert.match(options.title ?? '', /Erase/);
            return erased;
          },
          modal: (message, buttons) => {
            assert.ok(message.includes(erased), message);
            assert.ok(buttons.includes('Erase'), JSON.stringify(buttons));
            return 'Erase';
          },
        },
        async (said) => {
          const code = await vscode.commands.executeCommand<number | null>('backbone.eraseAccount');
          assert.equal(said.inputs.length, 1, 'asked for the account ID once');
          assert.equal(said.modals.length, 1, 'asked to confirm once');
          assert.deepEqual(said.errors, []);
          return code;
        },
      );
      await tabShown('erase-account');
      const checklist = await extensionDocument('/erase-account.md');
      // Exit 3 says the checklist search could not run for some sync: erase-account searches every sync of the state
      // directory and needs all of its sites' tokens, even for a sync that maps no user field (in the whole suite,
      // tokens.e2e's sync, whose tokens are cleared). This sync's search must have run (asserted below).
      assert.ok(exitCode === 0 || exitCode === 3, `erase-account exited with ${exitCode}:\n${checklist}`);

      assert.deepEqual(filesContaining(state, erased), [], 'state files still holding the erased account ID');
      assert.notDeepEqual(filesContaining(state, kept), [], 'the other accounts are kept');
      assert.ok(
        !shownEntries(api).some(
          (e) => e.message.includes(erased) || (e.pendingChange?.accountIds ?? []).includes(erased),
        ),
        'the Troubleshooting tree no longer shows the account ID',
      );

      assert.ok(checklist.includes(`Erased account ${erased}`), checklist);
      assert.match(checklist, /Target issues where the user still appears in a mapped user field/);
      assert.match(checklist, new RegExp(`${ERASE_SYNC}: (none|[A-Z]+-\\d+)`), checklist);
    } finally {
      undo();
    }
  },
  { timeoutMs: 150_000 },
);
