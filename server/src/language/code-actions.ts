// Code actions: each diagnostic of ours goes to the provider registered for its code. The personal-data
// provider owns the `personal-data-*` codes; the config quick fixes own the rest. Add a provider with one line.
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { DIAGNOSTIC_CODES } from '../config/codes';
import type { DiagnosticCode } from '../config/codes';
import type { ConfigDiagnostic } from '../config/diagnostic';
import type { ConfigDocument } from '../config/document';
import { personalDataCodeActions } from '../personal-data/quick-fixes';
import { configQuickFixes } from './quick-fixes';

export interface CodeActionProvider {
  matches(code: DiagnosticCode): boolean;
  provide(doc: ConfigDocument, diagnostic: ConfigDiagnostic, uri: string): CodeAction[];
}

export const CODE_ACTION_PROVIDERS: CodeActionProvider[] = [
  { matches: (code) => code.startsWith('personal-data-'), provide: personalDataCodeActions },
  { matches: (code) => !code.startsWith('personal-data-'), provide: configQuickFixes },
];

const CODES = new Set<string>(DIAGNOSTIC_CODES);

/** Our own diagnostics, as the client sent them back (with `data`). */
function isOurs(d: Diagnostic): d is ConfigDiagnostic {
  return (
    d.source === 'backbone-sync' &&
    typeof d.code === 'string' &&
    CODES.has(d.code) &&
    typeof d.data === 'object' &&
    d.data !== null
  );
}

/** The quick fixes for the diagnostics in a code-action request, in diagnostic order. */
export function codeActions(
  doc: ConfigDocument,
  diagnostics: readonly Diagnostic[],
  uri: string,
  providers: readonly CodeActionProvider[] = CODE_ACTION_PROVIDERS,
): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (!isOurs(d)) continue;
    for (const provider of providers) {
      if (!provider.matches(d.code)) continue;
      try {
        out.push(...provider.provide(doc, d, uri));
      } catch {
        // A fix that cannot be computed on this text is simply not offered.
      }
    }
  }
  return out;
}
