// Bundles the end-to-end suite's `run()` index into one CommonJS file under out/ (gitignored), the form
// the extension host `require`s in both desktop VS Code and code-server.
import { build } from 'esbuild';
import { join } from 'node:path';

export const projectRoot = join(import.meta.dirname, '..', '..', '..');
export const suiteBundle = join(projectRoot, 'out', 'vscode-e2e', 'suite.js');

export async function buildSuite(): Promise<string> {
  await build({
    entryPoints: [join(projectRoot, 'test', 'vscode', 'suite', 'index.ts')],
    outfile: suiteBundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
    define: { 'import.meta.url': 'importMetaUrl', 'import.meta.dirname': '__dirname' },
    banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  });
  return suiteBundle;
}
