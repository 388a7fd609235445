// Bundles the three entry points with esbuild (DESIGN.md §3). Types are checked by `tsc --noEmit`, not here.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const dev = process.argv.includes('--dev');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  logLevel: 'warning',
  absWorkingDir: root,
  // jira.js is ESM-only; its `import.meta.url` use is irrelevant to us but must not break the CJS bundle.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  {
    entryPoints: ['server/src/cli.ts'],
    outfile: 'dist/cli.js',
    banner: {
      js: "#!/usr/bin/env node\nconst importMetaUrl = require('url').pathToFileURL(__filename).href;",
    },
  },
];

mkdirSync(join(root, 'dist'), { recursive: true });
copyFileSync(join(root, 'node_modules/sql.js/dist/sql-wasm.wasm'), join(root, 'dist/sql-wasm.wasm'));
await Promise.all(entries.map((entry) => build({ ...common, ...entry })));
if (watch) console.log('watch mode is not supported; run `npm run build` again');
