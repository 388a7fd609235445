// The validator seam (Red Hat's AdditionalValidator): schema checks, semantic rules, personal-data rules and
// metadata checks are each one Validator, run together on the same parse of a document version.
import type { ConfigDocument } from './document';
import type { ConfigDiagnostic } from './diagnostic';

/** What validators may read besides the document: the state directory (metadata snapshots), and more later. */
export interface ValidationContext {
  /** The state directory (`backbone.stateDirectory` / `--state-dir`), where metadata snapshots live. */
  stateDir?: string;
  /**
   * False when a run checks its config: predictions from metadata snapshots describe the remote sites, which
   * the run itself will meet, so they must not stop issues that would sync fine. The editor shows them.
   */
  predictions?: boolean;
  /** The current time, for age checks (tests pass a fixed clock). */
  now?: Date;
}

export interface Validator {
  id: string;
  /** Runs only on a document whose YAML parsed and whose root is a mapping. */
  validate(doc: ConfigDocument, context: ValidationContext): ConfigDiagnostic[];
}
