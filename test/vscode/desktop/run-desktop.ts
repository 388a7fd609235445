// Runs the same end-to-end suite in desktop VS Code through @vscode/test-electron, for contributors whose
// machine can download VS Code (these build machines cannot: they use the code-server host, run-e2e.ts).
//   node --import tsx test/vscode/desktop/run-desktop.ts   (after `npm run build`)
// The untrusted-workspace test needs workspace trust on: BACKBONE_E2E_UNTRUSTED=1 runs that pass instead.
import { runTests } from '@vscode/test-electron';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../jira-emulator/index';
import { buildSuite, projectRoot } from '../host/build-suite';
import { makeWorkspace } from '../host/workspace';

const untrusted = process.env.BACKBONE_E2E_UNTRUSTED === '1';
const emulator = await startEmulator({ seed: 'demo.json' });
const scratch = mkdtempSync(join(tmpdir(), 'bbs-desktop-'));
let exitCode = 0;
try {
  const workspace = makeWorkspace(scratch, {
    emulatorUrl: emulator.url,
    grep: process.env.BACKBONE_E2E_GREP,
  });
  const extensionTestsPath = await buildSuite();
  await runTests({
    extensionDevelopmentPath: projectRoot,
    extensionTestsPath,
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir',
      join(scratch, 'user-data'),
      ...(untrusted ? [] : ['--disable-workspace-trust']),
    ],
  });
} catch (error) {
  console.error(`desktop end-to-end suite failed: ${(error as Error).message}`);
  exitCode = 1;
} finally {
  await emulator.close();
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(exitCode);
