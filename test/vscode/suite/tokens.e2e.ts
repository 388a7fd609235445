// Tokens (issue 7 §4, DESIGN.md §9.2): `backbone.setToken NAME` keeps a token in VS Code's SecretStorage, and a
// run whose `${env:NAME}` is in no environment variable uses it; `backbone.clearToken NAME` removes it, so the next
// run asks again and fails with a wrong one (exit 3). No token value ever reaches the extension's log files or
// the state directory.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { RunResult } from '../../../client/src/runs';
import { extensionApi } from './api';
import { demoConfig, emulator, useEmulatorEnvironment, writeWorkspaceFile } from './emulator';
import { test } from './harness';
import {
  extensionLogFiles,
  fileInWorkspace,
  filesContaining,
  lineOf,
  sessionLogFolders,
  setEnvironment,
  stateDirectory,
  waitForFiles,
  withPrompts,
} from './helpers';

const SYNC = 'e2e-tokens';
const FILE = `${SYNC}.sync.yaml`;
const SUPPORT = 'E2E_STORED_SUPPORT_TOKEN';
const ENGINEERING = 'E2E_STORED_ENG_TOKEN';
/** The demo seed's API tokens: the values a person pastes into the prompt. */
const VALUES: Record<string, string> = {
  [SUPPORT]: 'demo-support-token',
  [ENGINEERING]: 'demo-engineering-token',
};
const WRONG = 'e2e-wrong-token-6f1d0c';

/** The runs' demo config with tokens that no environment variable holds, and no mapping that fails (exit 0). */
const TEXT = demoConfig(SYNC)
  .replace('${env:T_SUPPORT_TOKEN}', `\${env:${SUPPORT}}`)
  .replace('${env:T_ENG_TOKEN}', `\${env:${ENGINEERING}}`)
  .replace(/^ {2}environment: environment\n/m, '');

/**
 * What the hover of `${env:NAME}` says about the token (the language server asks the extension). The server waits
 * one second for the extension's answer and says "unknown" after that; the first SecretStorage read of a session
 * can take longer on a loaded machine, so an "unknown" is asked again (each attempt waits for its own answer).
 */
async function tokenHover(name: string): Promise<string> {
  const uri = fileInWorkspace(FILE);
  const line = lineOf(TEXT, new RegExp(`\\$\\{env:${name}\\}`));
  const character = (TEXT.split('\n')[line] ?? '').indexOf(`\${env:${name}}`) + 3;
  let text = '';
  for (let attempt = 0; attempt < 10; attempt++) {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      new vscode.Position(line, character),
    );
    text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    if (!text.includes('status **unknown**')) return text;
    console.log(
      `tokens.e2e: the hover of \${env:${name}} said "unknown" (attempt ${attempt + 1}); asking again`,
    );
  }
  return text;
}

/** A token prompt's answer: the value of the NAME its title asks for. */
const answerFor =
  (values: Record<string, string | undefined>) =>
  (options: vscode.InputBoxOptions): string | undefined => {
    const name = Object.keys(values).find((n) => options.title?.includes(`\${env:${n}}`));
    if (!name) throw new Error(`unexpected input box: ${options.title ?? options.prompt ?? ''}`);
    return values[name];
  };

test(
  'setToken keeps a token in SecretStorage from a password prompt, and a run whose tokens are in no environment variable runs with it',
  async () => {
    const api = await extensionApi();
    await api.languageServerReady;
    useEmulatorEnvironment();
    const undo = setEnvironment({ [SUPPORT]: undefined, [ENGINEERING]: undefined });
    try {
      await emulator.reset();
      await emulator.clearFaults();
      const uri = await writeWorkspaceFile(FILE, TEXT);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const hoverBefore = await tokenHover(ENGINEERING);
      assert.match(
        hoverBefore,
        /\*\*missing\*\*/,
        `no token before setToken; the hover says: ${hoverBefore}`,
      );

      await withPrompts({ input: answerFor(VALUES) }, async (said) => {
        for (const name of [SUPPORT, ENGINEERING]) {
          assert.equal(await vscode.commands.executeCommand<boolean>('backbone.setToken', name), true);
        }
        assert.equal(said.inputs.length, 2, 'one prompt per token');
        for (const prompt of said.inputs)
          assert.equal(prompt.password, true, `${prompt.title}: a password input`);
        assert.ok(
          said.infos.some((m) => m.includes(`\${env:${ENGINEERING}} stored`)),
          JSON.stringify(said.infos),
        );
      });
      assert.match(await tokenHover(ENGINEERING), /stored in VS Code's secret storage/);

      // No input box may open now: the run takes both tokens from SecretStorage.
      const result = await withPrompts({}, async () =>
        vscode.commands.executeCommand<RunResult>('backbone.runSync', uri),
      );
      assert.equal(result.exitCode, 0, `the run synced: ${JSON.stringify(result)}`);
      assert.equal(result.outcome, 'synced');
      assert.ok((result.counts?.created ?? 0) > 0, JSON.stringify(result.counts));
    } finally {
      undo();
    }
  },
  { timeoutMs: 120_000 },
);

test(
  'clearToken removes the stored token: the next run asks for it again, and with a wrong one fails with the auth message (exit 3)',
  async () => {
    const api = await extensionApi();
    useEmulatorEnvironment();
    const undo = setEnvironment({ [SUPPORT]: undefined, [ENGINEERING]: undefined });
    const uri = fileInWorkspace(FILE);
    let events = 0;
    const counting = api.onDidRunEvent((e) => {
      if (e.configUri.fsPath === uri.fsPath) events++;
    });
    try {
      await withPrompts({}, async () => {
        assert.equal(await vscode.commands.executeCommand<boolean>('backbone.clearToken', ENGINEERING), true);
        assert.equal(
          await vscode.commands.executeCommand<boolean>('backbone.clearToken', ENGINEERING),
          false,
          'nothing is stored any more',
        );
      });
      assert.match(await tokenHover(ENGINEERING), /\*\*missing\*\*/);
      assert.match(
        await tokenHover(SUPPORT),
        /stored in VS Code's secret storage/,
        'only that token was removed',
      );

      // The run asks for the missing token (only that one); dismissing the prompt starts no engine.
      const dismissed = await withPrompts(
        { input: answerFor({ [ENGINEERING]: undefined }) },
        async (said) => {
          const result = await vscode.commands.executeCommand<RunResult>('backbone.runSync', uri);
          assert.deepEqual(
            said.inputs.map((i) => i.title),
            [`Backbone Sync: token for \${env:${ENGINEERING}}`],
          );
          return result;
        },
      );
      assert.equal(dismissed.refused, 'token-missing', JSON.stringify(dismissed));
      assert.equal(events, 0, 'no engine process started without the token');

      // Answered with a wrong token, the engine cannot log in: exit 3 and the auth message.
      await withPrompts({ input: answerFor({ [ENGINEERING]: WRONG }) }, async (said) => {
        const result = await vscode.commands.executeCommand<RunResult>('backbone.runSync', uri);
        assert.equal(result.exitCode, 3, JSON.stringify(result));
        assert.equal(result.outcome, 'could-not-run');
        assert.match(result.message ?? '', /'engineering' refused the credentials \(HTTP 401\)/);
        assert.ok(
          said.errors.some((m) => /could not run.*refused the credentials/.test(m)),
          `the outcome is shown as an error: ${JSON.stringify(said.errors)}`,
        );
        assert.ok(!said.errors.some((m) => m.includes(WRONG)), 'the error holds no token');
      });
    } finally {
      counting.dispose();
      // The wrong answer was stored too; leave nothing behind for the next tests.
      await withPrompts({}, async () => {
        await vscode.commands.executeCommand('backbone.clearToken', ENGINEERING);
        await vscode.commands.executeCommand('backbone.clearToken', SUPPORT);
      });
      undo();
    }
  },
  { timeoutMs: 120_000 },
);

test('no token value reaches the extension log files or the state directory', async () => {
  await extensionApi();
  const logFolders = sessionLogFolders();
  assert.ok(logFolders.length > 0, 'the session keeps its logs next to the workspace');
  const logs = (): string[] => extensionLogFiles();
  const ourLog = (): string => {
    const file = logs().find((f) => f.endsWith('Backbone Sync.log'));
    return file ? readFileSync(file, 'utf8') : '';
  };
  // The log is written asynchronously: wait until it holds the last thing the previous test did.
  const lastLine = `token cleared for \${env:${SUPPORT}}`;
  const folder = dirname(logs().find((f) => f.endsWith('Backbone Sync.log')) ?? logFolders[0] ?? '.');
  await waitForFiles(folder, () => ourLog().includes(lastLine), `"${lastLine}" in the Backbone Sync log`);
  const log = ourLog();
  for (const expected of [
    `token stored for \${env:${ENGINEERING}}`,
    `run finished: ${SYNC}: synced (exit 0)`,
  ]) {
    assert.ok(log.includes(expected), `the log says "${expected}" (so this is the log the tests wrote)`);
  }

  for (const value of [...Object.values(VALUES), WRONG]) {
    for (const logsFolder of logFolders) {
      assert.deepEqual(filesContaining(logsFolder, value), [], `log files holding the token ${value}`);
    }
    assert.deepEqual(filesContaining(stateDirectory(), value), [], `state files holding the token ${value}`);
  }
});
