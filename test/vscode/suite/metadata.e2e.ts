// Issue 8's Done-when in a real VS Code: "refreshing metadata in the extension updates diagnostics without a
// reload". A copy of the demo config (examples/demo.sync.yaml) against the emulator's demo seed: before the
// refresh its sites have no snapshot (`metadata-missing`); `backbone.refreshMetadata` writes the snapshots and the
// language server, watching the state directory, publishes the predictions on the lines the CLI names. A refresh
// that fails says so and leaves the predictions as they were.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { extensionApi } from './api';
import { emulatorUrl, writeWorkspaceFile } from './emulator';
import { test } from './harness';
import {
  codeOf,
  exampleConfig,
  fileInWorkspace,
  lineOf,
  openConfig,
  runCli,
  setEnvironment,
  stateDirectory,
  waitForDiagnostics,
  withPrompts,
} from './helpers';

const SYNC = 'e2e-metadata';
const FILE = `${SYNC}.sync.yaml`;
/** The demo config under this test's sync name (the name keys its snapshots); every line stays where it is. */
const TEXT = exampleConfig('demo.sync.yaml').replace(/^name: .*$/m, `name: ${SYNC}`);

/** The codes that come from metadata snapshots (DESIGN.md §5); `required-field-unmapped` only as the warning. */
const METADATA_CODES = new Set([
  'unknown-issue-type',
  'unknown-status',
  'field-not-on-screen',
  'field-type-mismatch',
  'status-unreachable',
  'metadata-missing',
]);
const isPrediction = (d: vscode.Diagnostic): boolean =>
  METADATA_CODES.has(codeOf(d)) ||
  (codeOf(d) === 'required-field-unmapped' && d.severity === vscode.DiagnosticSeverity.Warning);

/** `code@line` (1-based) of the metadata diagnostics, sorted: what the assertions compare. */
const predictions = (list: readonly vscode.Diagnostic[]): string[] =>
  list
    .filter(isPrediction)
    .map((d) => `${codeOf(d)}@${d.range.start.line + 1}`)
    .sort();

const has = (list: readonly vscode.Diagnostic[], code: string, line: number): boolean =>
  list.some((d) => codeOf(d) === code && d.range.start.line === line);

/** The demo seed's sites and tokens, for the `${env:DEMO_*}` references of the demo config. */
function demoEnvironment(overrides: Record<string, string> = {}): () => void {
  return setEnvironment({
    DEMO_SUPPORT_URL: `${emulatorUrl()}/support`,
    DEMO_ENGINEERING_URL: `${emulatorUrl()}/engineering`,
    DEMO_SUPPORT_TOKEN: 'demo-support-token',
    DEMO_ENGINEERING_TOKEN: 'demo-engineering-token',
    ...overrides,
  });
}

const snapshotPath = (site: string): string => join(stateDirectory(), 'metadata', SYNC, `${site}.json`);

test(
  'refreshMetadata turns metadata-missing into the predictions (field-not-on-screen on the environment line) without a reload, and writes <state dir>/metadata/<sync>/<site>.json',
  async () => {
    const api = await extensionApi();
    await api.languageServerReady;
    const undo = demoEnvironment();
    try {
      for (const site of ['support', 'engineering'])
        assert.ok(!existsSync(snapshotPath(site)), `${snapshotPath(site)} exists before the refresh`);
      const uri = await writeWorkspaceFile(FILE, TEXT);
      const supportLine = lineOf(TEXT, /^ {2}support:/);
      const engineeringLine = lineOf(TEXT, /^ {2}engineering:/);
      const environmentLine = lineOf(TEXT, /^ {2}environment: environment/);

      const missing = waitForDiagnostics(
        uri,
        (list) =>
          has(list, 'metadata-missing', supportLine) && has(list, 'metadata-missing', engineeringLine),
      );
      const document = await openConfig(FILE);
      const before = await missing;
      assert.deepEqual(
        predictions(before),
        [`metadata-missing@${engineeringLine + 1}`, `metadata-missing@${supportLine + 1}`].sort(),
        'before the refresh only metadata-missing speaks for the metadata',
      );
      const version = document.version;

      const predicted = waitForDiagnostics(
        uri,
        (list) =>
          has(list, 'field-not-on-screen', environmentLine) &&
          !list.some((d) => codeOf(d) === 'metadata-missing'),
        120_000,
      );
      const exitCode = await withPrompts({}, async (said) => {
        const code = await vscode.commands.executeCommand<number | null>('backbone.refreshMetadata', uri);
        assert.deepEqual(said.errors, [], 'a successful refresh shows no error');
        assert.ok(
          said.infos.some((m) => m.includes(`metadata of ${FILE} refreshed`)),
          `the refresh says it is done: ${JSON.stringify(said.infos)}`,
        );
        return code;
      });
      assert.equal(exitCode, 0);
      const after = await predicted;

      // The same window, extension host and document: nothing was reloaded or re-opened.
      assert.equal(await extensionApi(), api, 'the extension was not activated again');
      assert.equal(document.isClosed, false);
      assert.equal(document.version, version, 'the document was not edited to get the new diagnostics');

      // The editor predicts what the CLI predicts from the same snapshots (`validate --state-dir`).
      const validated = await runCli([
        'validate',
        uri.fsPath,
        '--format',
        'json',
        '--state-dir',
        stateDirectory(),
      ]);
      const cliPredictions = (
        JSON.parse(validated.stdout) as Array<{ code: string; line: number; severity: string }>
      )
        .filter(
          (d) =>
            METADATA_CODES.has(d.code) || (d.code === 'required-field-unmapped' && d.severity === 'warning'),
        )
        .map((d) => `${d.code}@${d.line}`)
        .sort();
      assert.deepEqual(predictions(after), cliPredictions);
      // The demo's predictions (issue 8's acceptance test), on their lines.
      const at = (pattern: RegExp): number => lineOf(TEXT, pattern) + 1;
      assert.deepEqual(
        predictions(after),
        [
          `field-not-on-screen@${at(/^ {2}environment: environment/)}`,
          `field-not-on-screen@${at(/^ {2}customfield_10042:/)}`,
          `required-field-unmapped@${at(/^ {2}customfield_10041:/)}`,
          `status-unreachable@${at(/^ {2}Waiting for Customer: Blocked/)}`,
        ].sort(),
      );

      for (const site of ['support', 'engineering']) {
        const snapshot = JSON.parse(readFileSync(snapshotPath(site), 'utf8')) as {
          sync?: string;
          site?: { name?: string; url?: string };
        };
        assert.equal(snapshot.sync, SYNC);
        assert.deepEqual(snapshot.site, { name: site, url: `${emulatorUrl()}/${site}` });
      }
    } finally {
      undo();
    }
  },
  { timeoutMs: 180_000 },
);

test(
  'a refresh that fails (a wrong token for one site) shows an error naming the site, and the document keeps its predictions',
  async () => {
    const api = await extensionApi();
    await api.languageServerReady;
    const uri = fileInWorkspace(FILE);
    const document = await openConfig(FILE);
    const environmentLine = lineOf(TEXT, /^ {2}environment: environment/);
    const current = await waitForDiagnostics(uri, (list) =>
      has(list, 'field-not-on-screen', environmentLine),
    );
    const before = predictions(current);
    assert.ok(existsSync(snapshotPath('engineering')), 'the previous test fetched the snapshots');
    const engineeringSnapshot = readFileSync(snapshotPath('engineering'));

    const undo = demoEnvironment({ DEMO_ENGINEERING_TOKEN: 'e2e-wrong-engineering-token' });
    try {
      const exitCode = await withPrompts({}, async (said) => {
        const code = await vscode.commands.executeCommand<number | null>('backbone.refreshMetadata', uri);
        assert.equal(said.errors.length, 1, `one error message: ${JSON.stringify(said.errors)}`);
        assert.match(said.errors[0] ?? '', /could not read the metadata \(exit 3\)/);
        assert.match(
          said.errors[0] ?? '',
          /site 'engineering'.*401/,
          'the error names the site and the answer',
        );
        assert.ok(!said.errors[0]?.includes('e2e-wrong-engineering-token'), 'the error holds no token');
        return code;
      });
      assert.equal(exitCode, 3, 'the CLI could not run: exit 3');
    } finally {
      undo();
    }
    assert.deepEqual(
      readFileSync(snapshotPath('engineering')),
      engineeringSnapshot,
      'the snapshot of the failing site is kept as it was',
    );

    // Let the language server validate once more after the failed refresh (an edit that adds an unused
    // suppression, so the new version's diagnostics are recognisable): the predictions must still be there.
    const end = new vscode.Position(document.lineCount - 1, 0);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, end, '# backbone-sync-disable-next-line unknown-field\n');
    const revalidated = waitForDiagnostics(uri, (list) =>
      list.some((d) => codeOf(d) === 'unused-suppression'),
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = await revalidated;
    try {
      assert.deepEqual(predictions(after), before, 'the predictions stay after a failed refresh');
    } finally {
      const undoEdit = new vscode.WorkspaceEdit();
      undoEdit.delete(uri, new vscode.Range(end, end.translate(1)));
      await vscode.workspace.applyEdit(undoEdit);
      await document.save();
    }
  },
  { timeoutMs: 120_000 },
);
