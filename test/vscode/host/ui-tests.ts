// The UI test: the newcomer's path (newcomer-path.ts) in the browser, each step a test. On a failure the
// page is saved as out/vscode-e2e/ui-failure.png to look at.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { CodeServer } from './code-server';
import { openWorkbench, remoteUri } from './browser';
import { projectRoot } from './build-suite';
import { demoConfig, newcomerPath } from './newcomer-path';
import { WorkbenchDriver } from './workbench-driver';

export async function runUiTests(
  server: CodeServer,
  workspace: string,
  emulatorUrl: string,
  onStep?: (driver: WorkbenchDriver, shot: string) => Promise<void>,
): Promise<{ passed: number; failed: number }> {
  writeFileSync(join(workspace, 'demo.sync.yaml'), demoConfig(emulatorUrl));
  const counts = { passed: 0, failed: 0 };
  const workbench = await openWorkbench(server.origin, workspace, {
    env: server.env,
    payload: [['extensionDevelopmentPath', remoteUri(server.origin, projectRoot)]],
  });
  const driver = new WorkbenchDriver(workbench.page);
  try {
    for (const step of newcomerPath({ url: emulatorUrl })) {
      const started = Date.now();
      try {
        await step.run(driver);
        counts.passed++;
        console.log(`  ✔ UI: ${step.name} (${Date.now() - started} ms)`);
        if (onStep) await onStep(driver, step.shot);
      } catch (error) {
        counts.failed++;
        console.log(`  ✖ UI: ${step.name} (${Date.now() - started} ms)\n    ${(error as Error).message}`);
        const shot = join(projectRoot, 'out', 'vscode-e2e', 'ui-failure.png');
        await driver.screenshot(shot).catch(() => undefined);
        console.log(`    (the page at the failure: ${shot})`);
        break;
      }
    }
  } finally {
    await workbench.close();
  }
  return counts;
}
