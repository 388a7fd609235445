// `npm run screenshots`: walks the newcomer's path (newcomer-path.ts) in code-server against the Jira
// emulator and saves one picture per step to docs/images/ for the README. Not part of `npm test`.
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '../../jira-emulator/index';
import { projectRoot } from './build-suite';
import { hostInstalled, startCodeServer } from './code-server';
import { runUiTests } from './ui-tests';

if (!hostInstalled()) {
  console.error('screenshots: no VS Code host is installed; run `npm run setup:e2e` first.');
  process.exit(1);
}

const images = join(projectRoot, 'docs', 'images');
mkdirSync(images, { recursive: true });
const emulator = await startEmulator({ seed: 'demo.json' });
let failed = 0;
try {
  const server = await startCodeServer({ smokeTestDriver: true });
  try {
    // A folder named like the one a newcomer opens: the shipped examples plus the demo config.
    const workspace = join(server.home, 'examples');
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    for (const name of readdirSync(join(projectRoot, 'examples'))) {
      if (/\.sync\.ya?ml$/.test(name))
        copyFileSync(join(projectRoot, 'examples', name), join(workspace, name));
    }
    writeFileSync(
      join(workspace, '.vscode', 'settings.json'),
      JSON.stringify({ 'backbone.stateDirectory': join(server.home, 'state') }, null, 2),
    );
    const result = await runUiTests(server, workspace, emulator.url, async (driver, shot) => {
      const path = join(images, `${shot}.png`);
      await driver.screenshot(path);
      console.log(`  saved ${path}`);
    });
    failed = result.failed;
  } finally {
    await server.stop();
  }
} finally {
  await emulator.close();
}
process.exit(failed ? 1 : 0);
