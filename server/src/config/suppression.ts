// `# backbone-sync-disable-next-line CODE[, CODE]` (DESIGN.md §5). Filled in by the authoring work;
// until then no diagnostic is silenced.
import type { ConfigDocument } from './document';
import type { ConfigDiagnostic } from './diagnostic';

/** Removes the diagnostics silenced by suppression comments and reports unused suppressions. */
export function applySuppressions(_doc: ConfigDocument, diagnostics: ConfigDiagnostic[]): ConfigDiagnostic[] {
  return diagnostics;
}
