// Loading a config file for the engine and the CLI: read, parse, validate; typed only when valid.
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { ConfigDiagnostic } from './diagnostic';
import { ConfigDocument } from './document';
import type { SyncConfig } from './model';
import type { ValidationContext } from './validator';
import { isValid, validateDocument } from './validate';

export type LoadResult =
  | {
      ok: true;
      config: SyncConfig;
      document: ConfigDocument;
      diagnostics: ConfigDiagnostic[];
      ioError?: undefined;
    }
  | { ok: false; document?: ConfigDocument; diagnostics: ConfigDiagnostic[]; ioError?: string };

/** Reads and validates a config file. `ioError` is set when the file could not be read (exit 2). */
export async function loadConfigFile(path: string, context: ValidationContext = {}): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? 'unreadable');
    return { ok: false, diagnostics: [], ioError: `cannot read ${path}: ${reason}` };
  }
  const document = new ConfigDocument(pathToFileURL(path).href, 0, text);
  const diagnostics = validateDocument(document, context);
  if (!isValid(diagnostics)) return { ok: false, document, diagnostics };
  return { ok: true, config: document.value as SyncConfig, document, diagnostics };
}
