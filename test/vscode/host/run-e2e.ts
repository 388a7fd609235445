// Runs the end-to-end suite in a real VS Code (code-server + headless Chromium, VSCODE-E2E.md):
//   1. the suite's run() index in a trusted workspace,
//   2. the UI test (palette and tree, as a person would) in the same server,
//   3. the suite again in an untrusted workspace (workspace trust on), where runs must be refused.
// Exit codes: 77 when no host is installed and BACKBONE_E2E is not "required"; 1 when it is required but
// missing, or when any test failed; 0 otherwise. The last line is `e2e: N passed, N failed`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '../../jira-emulator/index';
import type { RunningEmulator } from '../../jira-emulator/index';
import { buildSuite, projectRoot } from './build-suite';
import { hostInstalled, startCodeServer } from './code-server';
import type { CodeServer } from './code-server';
import { runSuiteInWorkbench } from './suite-in-workbench';
import { runUiTests } from './ui-tests';
import { makeWorkspace } from './workspace';

const required = process.env.BACKBONE_E2E === 'required';

if (!hostInstalled()) {
  if (required) {
    console.error('BACKBONE_E2E=required, but no VS Code host is installed: run `npm run setup:e2e` first.');
    process.exit(1);
  }
  process.exit(77);
}
if (!existsSync(join(projectRoot, 'dist', 'extension.js'))) {
  console.error('dist/extension.js is missing: run `npm run build` before the end-to-end suite.');
  process.exit(1);
}

const totals = { passed: 0, failed: 0 };
const metrics: Record<string, number> = {};
const started = Date.now();

async function stage(title: string, body: () => Promise<void>): Promise<void> {
  console.log(`\n-- ${title}`);
  const stageStarted = Date.now();
  try {
    await body();
  } catch (error) {
    totals.failed++;
    console.log(`  ✖ ${title}: ${(error as Error).stack ?? String(error)}`);
  }
  console.log(`   (${Math.round((Date.now() - stageStarted) / 1000)} s)`);
}

/** A code-server and a fresh Jira emulator (demo seed); both are stopped whatever happens. */
async function withServer(
  workspaceTrust: boolean,
  body: (server: CodeServer, emulator: RunningEmulator) => Promise<void>,
): Promise<void> {
  const emulator = await startEmulator({ seed: 'demo.json' });
  try {
    const server = await startCodeServer({ smokeTestDriver: true, workspaceTrust });
    try {
      await body(server, emulator);
    } finally {
      await server.stop();
    }
  } finally {
    await emulator.close();
  }
}

try {
  const suite = await buildSuite();
  const grep = process.env.BACKBONE_E2E_GREP;

  await stage('suite in a trusted workspace (code-server)', () =>
    withServer(false, async (server, emulator) => {
      const workspace = makeWorkspace(server.env.TMPDIR, { emulatorUrl: emulator.url, grep });
      const result = await runSuiteInWorkbench(server, workspace, suite, { logName: 'workbench-trusted' });
      totals.passed += result.passed;
      totals.failed += result.failed;
      Object.assign(metrics, result.metrics);
      if (!grep || /ui/i.test(grep)) {
        emulator.reset();
        const ui = await runUiTests(server, makeWorkspace(server.env.TMPDIR), emulator.url);
        totals.passed += ui.passed;
        totals.failed += ui.failed;
      }
    }),
  );
  await stage('suite in an untrusted workspace (code-server, workspace trust on)', () =>
    withServer(true, async (server, emulator) => {
      const workspace = makeWorkspace(server.env.TMPDIR, { emulatorUrl: emulator.url, grep });
      const result = await runSuiteInWorkbench(server, workspace, suite, { logName: 'workbench-untrusted' });
      totals.passed += result.passed;
      totals.failed += result.failed;
    }),
  );
} catch (error) {
  totals.failed++;
  console.error(`e2e: could not run the suite: ${(error as Error).stack ?? String(error)}`);
}

for (const [name, value] of Object.entries(metrics)) console.log(`metric ${name}: ${value}`);
console.log(`e2e finished in ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`e2e: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
