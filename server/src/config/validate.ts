// One document version → every diagnostic, from every validator together (DESIGN.md §5). The editor and
// `backbone-sync validate` both call this, so they cannot disagree.
import type { ConfigDocument } from './document';
import type { ConfigDiagnostic } from './diagnostic';
import { Severity, makeDiagnostic } from './diagnostic';
import { schemaErrors } from './schema';
import { schemaDiagnostics } from './schema-messages';
import { applySuppressions } from './suppression';
import { checkSyntax } from './syntax';
import type { ValidationContext, Validator } from './validator';
import { VALIDATORS } from './validators';
import { asDict } from './shape';

function byPosition(a: ConfigDiagnostic, b: ConfigDiagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

/** Validates a parsed document; never throws (a failing validator becomes a diagnostic on line 1). */
export function validateDocument(
  doc: ConfigDocument,
  context: ValidationContext = {},
  validators: readonly Validator[] = VALIDATORS,
): ConfigDiagnostic[] {
  const { diagnostics, stop } = checkSyntax(doc);
  if (stop) return diagnostics.sort(byPosition);
  if (doc.root === null) {
    diagnostics.push(
      makeDiagnostic(
        'schema',
        Severity.Error,
        doc.firstLine(),
        'This config is empty. A sync config needs `version`, `name`, `sites`, `source`, `target` and `fields`: type `new` for a skeleton, or copy one from examples/.',
        { path: [], missingKey: 'version' },
      ),
    );
    return diagnostics;
  }
  const value = doc.value;
  if (!asDict(value)) {
    diagnostics.push(
      makeDiagnostic(
        'schema',
        Severity.Error,
        doc.firstLine(),
        'A sync config is a YAML mapping of keys (`version: 1`, `name: …`, …), but this file holds a single value or a list.',
        { path: [] },
      ),
    );
    return diagnostics;
  }
  diagnostics.push(...schemaDiagnostics(schemaErrors(value), doc));
  for (const validator of validators) {
    try {
      diagnostics.push(...validator.validate(doc, context));
    } catch (error) {
      diagnostics.push(
        makeDiagnostic(
          'schema',
          Severity.Error,
          doc.firstLine(),
          `Internal error in the ${validator.id} checks (please report it): ${error instanceof Error ? error.message : String(error)}`,
          { path: [] },
        ),
      );
    }
  }
  return applySuppressions(doc, diagnostics).sort(byPosition);
}

/** True when no diagnostic is an error: hints and information do not count (DESIGN.md §4). */
export function isValid(diagnostics: readonly ConfigDiagnostic[]): boolean {
  return !diagnostics.some((d) => d.severity === Severity.Error);
}
