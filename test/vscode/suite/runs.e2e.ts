// Runs against the Jira emulator: entries in the tree and on the mapping line, retry after fixing Jira,
// cancel of a slow run, one run per sync.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RunResult } from '../../../client/src/runs';
import type { RetryResult } from '../../../client/src/commands';
import { entryIds, extensionApi, treeLines } from './api';
import {
  ENVIRONMENT_LINE,
  demoConfig,
  emulator,
  useEmulatorEnvironment,
  writeWorkspaceFile,
} from './emulator';
import { test } from './harness';
import { EXTENSION_ID, fileInWorkspace, waitForDiagnostics, waitForEvent } from './helpers';

const entryDiagnostics = (uri: vscode.Uri): vscode.Diagnostic[] =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'backbone-sync run');

test('runSync against the emulator fills the Troubleshooting tree and marks the mapping line', async () => {
  const api = await extensionApi();
  useEmulatorEnvironment();
  await emulator.reset();
  await emulator.clearFaults();
  const uri = await writeWorkspaceFile('e2e-demo.sync.yaml', demoConfig('e2e-demo'));
  const marked = waitForDiagnostics(uri, (list) => list.some((d) => d.source === 'backbone-sync run'));

  const result = await vscode.commands.executeCommand<RunResult>('backbone.runSync', uri);
  assert.equal(result.exitCode, 1, `expected open entries, got ${JSON.stringify(result)}`);
  assert.equal(result.outcome, 'open-entries');
  assert.equal(result.counts?.failed, 2);
  assert.equal(result.counts?.created, 28);

  assert.deepEqual(
    treeLines(api),
    [
      'e2e-demo / SUP-17 / Field not on screen: environment',
      'e2e-demo / SUP-4 / Field not on screen: environment',
    ],
    `the view says: ${api.troubleshooting.view.message ?? '(no message)'}`,
  );
  const [diagnostic] = await marked;
  const onLine = entryDiagnostics(uri);
  assert.equal(onLine.length, 1, JSON.stringify(onLine));
  assert.equal(onLine[0]?.range.start.line, ENVIRONMENT_LINE - 1);
  assert.match(onLine[0]?.message ?? '', /^2 issues failed to import: field not on screen \(environment\)/);
  assert.ok(diagnostic);

  // Once the run has finished, the CodeLens offers to run again instead of saying "Running…".
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
    'vscode.executeCodeLensProvider',
    uri,
  );
  const titles = lenses.map((lens) => lens.command?.title ?? '');
  assert.ok(titles.includes('▶ Run sync'), `CodeLens after the run: ${JSON.stringify(titles)}`);
  assert.ok(!titles.some((t) => t.includes('Running')), `CodeLens after the run: ${JSON.stringify(titles)}`);
});

test('goToMapping reveals the config line of the mapping to blame', async () => {
  const api = await extensionApi();
  const [id] = entryIds(api);
  assert.ok(id, 'the previous test leaves open entries');
  const location = await vscode.commands.executeCommand<vscode.Location>('backbone.goToMapping', id);
  assert.equal(location.range.start.line, ENVIRONMENT_LINE - 1);
  const editor = vscode.window.activeTextEditor;
  assert.equal(editor?.document.uri.fsPath, location.uri.fsPath);
  assert.equal(editor?.selection.start.line, ENVIRONMENT_LINE - 1);
  assert.match(editor?.document.lineAt(ENVIRONMENT_LINE - 1).text ?? '', /^\s*environment: environment/);
});

test('retry resolves one entry after the emulator is fixed, and the tree and the line follow', async () => {
  const api = await extensionApi();
  const before = entryIds(api);
  assert.equal(before.length, 2, `expected two open entries, got ${before.join(', ')}`);
  // Fix Jira: put the field on the create screen of ENG bugs.
  await emulator.addToScreen('engineering', 'ENG', 'Bug', 'create', 'environment');
  const retried = before[0] as string;
  const result = await vscode.commands.executeCommand<RetryResult>('backbone.retryEntry', retried);
  assert.deepEqual(result.resolved, [retried], `retry: ${JSON.stringify(result)}`);
  assert.equal(result.exitCode, 1, 'the other entry of the sync is still open');
  const after = entryIds(api);
  assert.deepEqual(after, before.slice(1));
  const [line] = await waitForDiagnostics(fileInWorkspace('e2e-demo.sync.yaml'), (list) =>
    list.some((d) => d.source === 'backbone-sync run' && d.message.startsWith('1 issue failed')),
  );
  assert.ok(line);
});

test(
  'cancel stops a slow run, and a second run of the same sync joins the running one',
  async () => {
    const api = await extensionApi();
    useEmulatorEnvironment();
    await emulator.reset();
    const uri = await writeWorkspaceFile('e2e-slow.sync.yaml', demoConfig('e2e-slow'));
    await emulator.slowDown('engineering', 1500);
    try {
      const importing = waitForEvent(
        api.onDidRunEvent,
        (e) => e.configUri.fsPath === uri.fsPath && e.event.type === 'progress' && e.event.phase === 'import',
        'the slow run to reach the import',
        120_000,
      );
      const first = vscode.commands.executeCommand<RunResult>('backbone.runSync', uri);
      await importing;
      const second = vscode.commands.executeCommand<RunResult>('backbone.runSync', uri);
      const cancelled = await vscode.commands.executeCommand<boolean>('backbone.cancelRun', uri);
      assert.equal(cancelled, true);
      const [a, b] = await Promise.all([first, second]);
      assert.equal(a.exitCode, 130, JSON.stringify(a));
      assert.equal(a.outcome, 'cancelled');
      assert.deepEqual(b, a);
    } finally {
      await emulator.clearFaults();
    }
  },
  { timeoutMs: 240_000 },
);

test('a dry run resolves with its outcome and writes nothing', async () => {
  useEmulatorEnvironment();
  await emulator.reset();
  const uri = await writeWorkspaceFile('e2e-dry.sync.yaml', demoConfig('e2e-dry'));
  const result = await vscode.commands.executeCommand<RunResult>('backbone.dryRun', uri);
  assert.ok(result.exitCode === 0 || result.exitCode === 1, JSON.stringify(result));
  assert.equal(result.counts?.exported, 30);
});

test('a run started in a terminal (the CLI) shows up in the Troubleshooting tree through the store watcher', async () => {
  const api = await extensionApi();
  useEmulatorEnvironment();
  await emulator.reset();
  const uri = await writeWorkspaceFile('e2e-terminal.sync.yaml', demoConfig('e2e-terminal'));
  const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath as string;
  const stateDir = vscode.workspace.getConfiguration('backbone').get<string>('stateDirectory') as string;
  const shown = waitForEvent(
    api.onDidRefresh,
    () => treeLines(api).some((line) => line.startsWith('e2e-terminal / ')),
    'the tree to show the terminal run',
    120_000,
  );
  // As a person would in a terminal: the CLI, with the tokens in its environment.
  let stderr = '';
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(extensionPath, 'dist', 'cli.js'), 'run', uri.fsPath, '--state-dir', stateDir],
      { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', resolve);
  });
  assert.equal(exitCode, 1, `the terminal run ends with open entries; it said: ${stderr}`);
  await shown;
  const lines = treeLines(api).filter((line) => line.startsWith('e2e-terminal / '));
  assert.equal(lines.length, 2, lines.join('\n'));
});
