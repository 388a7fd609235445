// makeDiagnostic with the help link computed once per code: the link is a file URL built from the docs folder
// (path join + pathToFileURL), which costs more than the rest of a diagnostic when a config gets a thousand.
import type { DiagnosticSeverity, Range } from 'vscode-languageserver-types';
import type { DiagnosticCode } from '../config/codes';
import type { ConfigDiagnostic, DiagnosticData } from '../config/diagnostic';
import { helpUri } from '../config/diagnostic';

const links = new Map<DiagnosticCode, string>();

/** The same diagnostic as `makeDiagnostic` builds (same fields, same order), with its help link cached. */
export function metadataDiagnostic(
  code: DiagnosticCode,
  severity: DiagnosticSeverity,
  range: Range,
  message: string,
  data: DiagnosticData = {},
): ConfigDiagnostic {
  let href = links.get(code);
  if (href === undefined) {
    href = helpUri(code);
    links.set(code, href);
  }
  return { range, severity, code, source: 'backbone-sync', message, codeDescription: { href }, data };
}
