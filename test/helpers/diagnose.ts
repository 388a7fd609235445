// Runs the whole validation pipeline on inline YAML and builds the diagnostics a test expects, so that
// tests compare whole diagnostics (range, severity, code, source, message, help link) with deepEqual.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Range } from 'vscode-languageserver-types';
import { ConfigDocument } from '../../server/src/config/document';
import type { ConfigDiagnostic } from '../../server/src/config/diagnostic';
import { Severity } from '../../server/src/config/diagnostic';
import type { DiagnosticCode } from '../../server/src/config/codes';
import { semanticValidator } from '../../server/src/config/semantic';
import { validateDocument } from '../../server/src/config/validate';
import type { ValidationContext } from '../../server/src/config/validator';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/**
 * The diagnostics of the foundation's checks (syntax, schema, semantic rules) for `text`. The personal-data
 * and metadata validators have their own tests; `allValidators` runs them too, as the editor does.
 */
export function diagnose(
  text: string,
  context: ValidationContext = {},
  allValidators = false,
): ConfigDiagnostic[] {
  const doc = new ConfigDocument('file:///test/config.sync.yaml', 1, text);
  return allValidators ? validateDocument(doc, context) : validateDocument(doc, context, [semanticValidator]);
}

/** The help link a code must carry: the shipped docs/diagnostics.md or docs/personal-data.md, code as anchor. */
export function helpHref(code: DiagnosticCode): string {
  const file = code.startsWith('personal-data-') ? 'personal-data.md' : 'diagnostics.md';
  return `${pathToFileURL(join(REPO_ROOT, 'docs', file)).href}#${code}`;
}

export interface ExpectedDiagnostic {
  range: Range;
  severity: number;
  code: DiagnosticCode;
  source: 'backbone-sync';
  message: string;
  codeDescription: { href: string };
}

/** The whole diagnostic a test expects (error severity unless given). */
export function expected(
  range: Range,
  code: DiagnosticCode,
  message: string,
  severity: number = Severity.Error,
): ExpectedDiagnostic {
  return {
    range,
    severity,
    code,
    source: 'backbone-sync',
    message,
    codeDescription: { href: helpHref(code) },
  };
}

/** A diagnostic without its `data` (asserted separately where a quick fix reads it). */
export function whole(d: ConfigDiagnostic): ExpectedDiagnostic {
  return {
    range: d.range,
    severity: d.severity ?? 0,
    code: d.code,
    source: d.source,
    message: d.message,
    codeDescription: { href: d.codeDescription?.href ?? '' },
  };
}

/** The diagnostics of `text` without `data`, for deepEqual against `expected(...)` lists. */
export function diagnoseWhole(text: string, context: ValidationContext = {}): ExpectedDiagnostic[] {
  return diagnose(text, context).map(whole);
}

/** Only the diagnostics of one code. */
export function ofCode(text: string, code: DiagnosticCode): ExpectedDiagnostic[] {
  return diagnoseWhole(text).filter((d) => d.code === code);
}
