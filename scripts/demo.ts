// `npm run demo`: the offline demo of the main job. Starts the Jira emulator (a test double, not Jira) with the
// demo seed, runs `backbone-sync run examples/demo.sync.yaml` against it with the default state directory (after
// resetting only the demo sync's own state), prints its summary with the open troubleshooting entries once, and stops
// the emulator. Exit 0 when the sync ran as intended (its entries are part of the demo), non-zero when broken.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { startEmulator } from '../test/jira-emulator/index';
import { resolveStateDir, syncPaths } from '../server/src/store';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const configPath = join(root, 'examples', 'demo.sync.yaml');
const cli = join(root, 'dist', 'cli.js');

/** The demo sites' tokens (the emulator's seed users; not secrets). */
const DEMO_TOKENS: Record<string, string> = {
  support: 'demo-support-token',
  engineering: 'demo-engineering-token',
};

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

async function main(): Promise<number> {
  if (!existsSync(cli)) {
    console.error('dist/cli.js is missing: run `npm run build` first (npm run demo does).');
    return 2;
  }
  const config = parse(readFileSync(configPath, 'utf8')) as {
    name: string;
    sites: Record<string, { url?: string; auth?: { token?: string } }>;
  };
  const emulator = await startEmulator({ seed: 'demo.json' });
  try {
    // The config names its URLs and tokens as ${env:NAME}: point them at the emulator's sites.
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [site, settings] of Object.entries(config.sites)) {
      const urlVar = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(settings.url ?? '')?.[1];
      const tokenVar = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(settings.auth?.token ?? '')?.[1];
      if (urlVar) env[urlVar] = emulator.siteUrl(site);
      if (tokenVar) env[tokenVar] = DEMO_TOKENS[site] ?? `demo-${site}-token`;
    }
    const stateDir = resolveStateDir({ env: process.env, platform: process.platform, home: homedir() });
    const paths = syncPaths(stateDir, config.name);
    for (const file of [paths.database, paths.journal, paths.lock]) rmSync(file, { force: true });

    console.log(`Demo: Jira emulator (a local test double, not Jira) on ${emulator.url}`);
    console.log(`      sync '${config.name}' with state in ${stateDir}\n`);
    // The run's summary already lists each entry it opened (with its message, help link and config line), and
    // the demo starts from empty state, so those are exactly the open entries: listing them again would repeat them.
    const runCode = await runCli(['run', configPath], env);
    if (runCode !== 0 && runCode !== 1) {
      console.error(`\nThe demo run failed with exit code ${runCode}: something is broken.`);
      return runCode || 1;
    }
    console.log(
      '\nDone. The entries above are part of the demo: each shows a kind of failure and its fix.\n' +
        '(`backbone-sync` is node dist/cli.js here; try also: node dist/cli.js status.)',
    );
    return 0;
  } finally {
    await emulator.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
