// A diagnostic as every validator produces it: an LSP Diagnostic with a stable code, a link to its help
// section, and `data` that quick fixes read (never the message text).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import type { DiagnosticCode } from './codes';
import { docFileOf } from './codes';

export type ConfigPath = (string | number)[];

/** What a quick fix needs to know, per diagnostic. Every field is optional; each code documents its own. */
export interface DiagnosticData {
  /** The path of the YAML node the diagnostic is on. */
  path?: ConfigPath;
  /** Values that would be accepted here, best first (did-you-mean, enum values, declared sites). */
  suggestions?: string[];
  /** For `required` problems: the key to add and the mapping it goes into. */
  missingKey?: string;
  /** For `inline-secret`: an environment variable name to use instead. */
  envName?: string;
  /** For mapping problems: the source field of the mapping (key under `fields`). */
  sourceField?: string;
  /** Whether this diagnostic may be silenced with a suppression comment. */
  unsuppressible?: boolean;
  [key: string]: unknown;
}

export interface ConfigDiagnostic extends Diagnostic {
  message: string;
  code: DiagnosticCode;
  source: 'backbone-sync';
  data: DiagnosticData;
}

export const Severity = DiagnosticSeverity;

let docsDir: string | undefined;

/** The shipped docs folder, found from where this code is installed (dist/ in the bundle, server/src/config in tests). */
export function docsDirectory(): string {
  if (docsDir) return docsDir;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'docs', 'diagnostics.md'))) return (docsDir = join(dir, 'docs'));
    dir = dirname(dir);
  }
  return (docsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs'));
}

/** The file:// URI of a code's help section. */
export function helpUri(code: DiagnosticCode): string {
  return `${pathToFileURL(join(docsDirectory(), docFileOf(code))).href}#${code}`;
}

export function makeDiagnostic(
  code: DiagnosticCode,
  severity: DiagnosticSeverity,
  range: Range,
  message: string,
  data: DiagnosticData = {},
): ConfigDiagnostic {
  return {
    range,
    severity,
    code,
    source: 'backbone-sync',
    message,
    codeDescription: { href: helpUri(code) },
    data,
  };
}
