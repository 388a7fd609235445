// `field-type-mismatch`: a mapping whose source and target fields cannot carry each other's values, judged
// from the types in the snapshots (system fields by id, custom fields by `schema.custom`, else `schema.type`).
// Only combinations that always lose or reject data are reported; text into an option field may work (the
// option names may match), so it is not.
import type { Range } from 'vscode-languageserver-types';
import type { ConfigDiagnostic } from '../config/diagnostic';
import { Severity } from '../config/diagnostic';
import { SYSTEM_FIELD_KINDS, kindOfField } from '../jira/field-kinds';
import type { FieldKind } from '../jira/field-kinds';
import type { SnapshotField } from '../personal-data/snapshot';
import type { MetadataContext } from './context';
import { metadataDiagnostic as makeDiagnostic } from './diagnostic';
import { targetPath } from './mapping-nodes';
import { ownCopy } from './text-edit';
import type { SiteMetadata } from './site-metadata';

/** The kind of value a field holds (one vocabulary with the engine's field catalog). */
export type ValueKind = FieldKind;

export const KIND_LABELS: Record<ValueKind, string> = {
  text: 'a text field',
  'rich-text': 'a rich-text field',
  user: 'a single-user field',
  users: 'a multi-user field',
  number: 'a number field',
  option: 'a single-select field',
  options: 'a multi-select field',
  named: 'a single-value field',
  'named-list': 'a multi-value field',
  labels: 'a labels field',
  date: 'a date field',
  unknown: 'a field of unknown type',
};

/** The kind of value a field holds, from its snapshot entry. */
export function kindOfSnapshotField(id: string, field: SnapshotField | undefined): ValueKind {
  return kindOfField(id, field?.schema);
}

const kinds = new WeakMap<SnapshotField, ValueKind>();

/** The kind of a field on one site; unknown without a snapshot of it, or when the site does not list it. */
function kindOn(site: SiteMetadata | undefined, id: string): ValueKind {
  if (!site) return 'unknown';
  const field = site.fields.get(id);
  if (!field) return SYSTEM_FIELD_KINDS[id] ?? 'unknown';
  let kind = kinds.get(field);
  if (kind === undefined) {
    kind = kindOfSnapshotField(id, field);
    kinds.set(field, kind);
  }
  return kind;
}

const USER_KINDS = new Set<ValueKind>(['user', 'users']);
const MULTI_KINDS = new Set<ValueKind>(['users', 'options', 'labels', 'named-list']);
const SINGLE_VALUE_KINDS = new Set<ValueKind>(['option', 'named', 'number', 'date']);
const TEXT_KINDS = new Set<ValueKind>(['text', 'rich-text']);

/** Why a source kind cannot go into a target kind, and what would fix it; undefined when it can. */
export function mismatch(source: ValueKind, target: ValueKind, asText: boolean): string | undefined {
  if (source === 'unknown' || target === 'unknown') return undefined;
  if (asText) {
    return USER_KINDS.has(target)
      ? '`as: text` writes text, which a user field cannot hold. Map into a text field instead.'
      : undefined;
  }
  if (USER_KINDS.has(source)) {
    if (source === 'users' && target === 'user')
      return 'Several people cannot go into a single-user field: only one would be kept. Map into a multi-user field.';
    if (USER_KINDS.has(target)) return undefined;
    if (TEXT_KINDS.has(target))
      return 'A person is not text. Add `as: text` to copy the name as text (it then becomes untracked free text), or map into a user field.';
    return 'A person cannot be written there. Map into a user field, or into a text field with `as: text`.';
  }
  if (USER_KINDS.has(target))
    return "Only a user field can fill a user field (`as: text` does not help: text cannot become a person). Map a user field into it, or choose a target of the source field's type.";
  if (MULTI_KINDS.has(source) && SINGLE_VALUE_KINDS.has(target))
    return 'Several values cannot go into a single-value field: only one would be kept. Map into a multi-value field, or into a text field.';
  return undefined;
}

function label(site: SiteMetadata | undefined, id: string, kind: ValueKind): string {
  const name = site?.fields.get(id)?.name;
  return `\`${id}\` (${name && name !== id ? `${name}, ` : ''}${KIND_LABELS[kind].replace(/^a /, '')})`;
}

/** The verdict on one mapping (source field, target field, `as: text`); message null when the types fit. */
export interface TypeFinding {
  targetField: string;
  asText: boolean;
  sourceKind: ValueKind;
  targetKind: ValueKind;
  message: string | null;
}

// Per pair of snapshot versions (source site, target site): the verdict of each source field's mapping, so a
// keystroke judges and words only the mappings it changed.
const findingCache = new WeakMap<SiteMetadata, WeakMap<SiteMetadata, Map<string, TypeFinding>>>();

function typeFindings(sourceSite: SiteMetadata, targetSite: SiteMetadata): Map<string, TypeFinding> {
  let byTarget = findingCache.get(sourceSite);
  if (!byTarget) {
    byTarget = new WeakMap();
    findingCache.set(sourceSite, byTarget);
  }
  let findings = byTarget.get(targetSite);
  if (!findings) {
    findings = new Map();
    byTarget.set(targetSite, findings);
  }
  if (findings.size > 50_000) findings.clear(); // bounded however many distinct fields are typed
  return findings;
}

function typeFinding(
  sourceSite: SiteMetadata,
  targetSite: SiteMetadata,
  sourceField: string,
  targetField: string,
  asText: boolean,
): TypeFinding {
  const sourceKind = kindOn(sourceSite, sourceField);
  const targetKind = kindOn(targetSite, targetField);
  const fix = mismatch(sourceKind, targetKind, asText);
  return {
    targetField,
    asText,
    sourceKind,
    targetKind,
    message: fix
      ? `${label(sourceSite, sourceField, sourceKind)} cannot be carried by ${label(targetSite, targetField, targetKind)}. ${fix}`
      : null,
  };
}

/** Both sites' field types for this validation, and the cached verdict of each source field's mapping. */
export interface TypeVerdicts {
  sourceSite: SiteMetadata;
  targetSite: SiteMetadata;
  findings: Map<string, TypeFinding>;
}

/** The type verdicts for this validation; undefined unless both sites have a snapshot. */
export function typeVerdicts(context: MetadataContext): TypeVerdicts | undefined {
  // Field types are site-wide: a snapshot speaks for them even when it lacks the config's project.
  const sourceSite = context.source?.site ?? context.sourceSite;
  const targetSite = context.target?.site ?? context.targetSite;
  if (!sourceSite || !targetSite) return undefined;
  return { sourceSite, targetSite, findings: typeFindings(sourceSite, targetSite) };
}

/** The verdict on one mapping, judged and worded again only when its target or `as` changed. */
export function typeFindingOf(
  verdicts: TypeVerdicts,
  sourceField: string,
  targetField: string,
  asText: boolean,
): TypeFinding {
  let finding = verdicts.findings.get(sourceField);
  if (!finding || finding.targetField !== targetField || finding.asText !== asText) {
    // Cached across versions, so the target is a copy, not a slice of this version's text. The source field is a
    // key of the parsed object, which V8 keeps as its own (internalized) string: a copy would only slow lookups.
    finding = typeFinding(
      verdicts.sourceSite,
      verdicts.targetSite,
      sourceField,
      ownCopy(targetField),
      asText,
    );
    verdicts.findings.set(sourceField, finding);
  }
  return finding;
}

/** `field-type-mismatch` of one mapping. */
export function typeMismatch(
  sourceField: string,
  objectForm: boolean,
  finding: TypeFinding,
  message: string,
  range: Range,
): ConfigDiagnostic {
  const path = targetPath(sourceField, objectForm);
  const { targetField, sourceKind, targetKind } = finding;
  return makeDiagnostic('field-type-mismatch', Severity.Error, range, message, {
    path,
    sourceField,
    targetField,
    sourceKind,
    targetKind,
  });
}
