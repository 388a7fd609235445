// Loads sql.js (SQLite compiled to wasm) once per process. In the bundle the wasm sits next to dist/cli.js;
// under tsx (tests) it is found in node_modules.
import initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let loading: Promise<SqlJsStatic> | undefined;

/** The sql.js module, initialised once per process. */
export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= initSqlJs({ locateFile: () => wasmPath() }).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

function wasmPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const besideUs = join(here, 'sql-wasm.wasm');
  if (existsSync(besideUs)) return besideUs;
  return createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
}
