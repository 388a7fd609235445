// The stable diagnostic codes (DESIGN.md §5). Tests, docs anchors and suppression comments rely on these names.

export const DIAGNOSTIC_CODES = [
  'yaml-syntax',
  'schema',
  'multiple-documents',
  'file-too-large',
  'unknown-site',
  'unknown-field',
  'duplicate-target',
  'direction-unsupported',
  'required-field-unmapped',
  'inline-secret',
  'personal-data-field',
  'personal-data-as-text',
  'personal-data-free-text',
  'personal-data-uncontrolled-target',
  'personal-data-in-config',
  'unused-suppression',
  'unknown-status',
  'unknown-issue-type',
  'field-not-on-screen',
  'field-type-mismatch',
  'status-unreachable',
  'metadata-missing',
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

/** Which shipped document explains a code: the personal-data codes live beside the privacy model. */
export function docFileOf(code: DiagnosticCode): 'diagnostics.md' | 'personal-data.md' {
  return code.startsWith('personal-data-') ? 'personal-data.md' : 'diagnostics.md';
}
