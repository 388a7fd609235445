// The target's create screens: `field-not-on-screen` (a field the engine writes in the create call that the
// screen of an issue type it creates lacks) and `required-field-unmapped` as a warning (a field the screen
// requires, without a default value, that nothing writes).
import type { Range } from 'vscode-languageserver-types';
import type { ConfigDiagnostic, ConfigPath } from '../config/diagnostic';
import { Severity } from '../config/diagnostic';
import { asDict, asString } from '../config/shape';
import type { MetadataContext } from './context';
import { metadataDiagnostic as makeDiagnostic } from './diagnostic';
import type { UsedIssueType } from './issue-types';
import type { ScreenIndex } from './screen-index';
import { issueTypeList, screenIndex, screensWithout } from './screen-index';
import { ownCopy } from './text-edit';

/** A target field written in the create call, and where the config says so. */
export interface WrittenField {
  field: string;
  /** The source field of the mapping (absent for `link.field`). */
  sourceField?: string;
  /** Whether the mapping is an object (its target then sits under `target`). */
  objectForm?: boolean;
}

/** The path of a written field's target value node; built only for a diagnostic. */
export function writtenPath({ sourceField, objectForm }: WrittenField): ConfigPath {
  if (sourceField === undefined) return ['link', 'field'];
  return objectForm ? ['fields', sourceField, 'target'] : ['fields', sourceField];
}

/** Fields Jira sets itself or the engine always sends: never reported as required-but-unmapped. */
const ALWAYS_SET = new Set(['project', 'issuetype', 'summary']);

/** Whether the engine writes a mapping's target in the create call (watchers go through their own endpoint). */
export function writesOnCreate(target: string, direction: string | undefined): boolean {
  if (target === 'watchers') return false;
  return direction === undefined || direction === 'source-to-target';
}

function fieldLabel(context: MetadataContext, id: string, name?: string): string {
  const known = name ?? context.target?.site.fields.get(id)?.name;
  return known && known !== id ? `\`${id}\` (${known})` : `\`${id}\``;
}

/** What the screens say about one target field: whether one requires it, and `field-not-on-screen`'s words. */
export interface ScreenFinding {
  required: boolean;
  missingOn: readonly string[];
  /** Null when every screen has the field. */
  message: string | null;
}

// Per screen index (one snapshot version and set of created types) and target site/project: the finding of
// each target field, so a keystroke builds no message for a mapping it did not change.
const findingCache = new WeakMap<ScreenIndex, Map<string, Map<string, ScreenFinding>>>();

function screenFindings(index: ScreenIndex, where: string): Map<string, ScreenFinding> {
  let byTarget = findingCache.get(index);
  if (!byTarget) {
    byTarget = new Map();
    findingCache.set(index, byTarget);
  }
  let findings = byTarget.get(where);
  if (!findings) {
    if (byTarget.size > 8) byTarget.clear(); // the target site or project changes only while it is edited
    findings = new Map();
    byTarget.set(where, findings);
  }
  if (findings.size > 50_000) findings.clear(); // bounded however many distinct fields are typed
  return findings;
}

function screenFinding(context: MetadataContext, index: ScreenIndex, field: string): ScreenFinding {
  const target = context.target;
  const required = index.requiredOn.has(field);
  const missingOn = screensWithout(index, field);
  if (!target || missingOn.length === 0) return { required, missingOn, message: null };
  const exists = target.site.fields.size === 0 || target.site.fields.has(field);
  const where = issueTypeList(target.projectKey, missingOn);
  return {
    required,
    missingOn,
    message: exists
      ? `Field ${fieldLabel(context, field)} is not on the Create screen of ${where}: Jira rejects the create. Add it to the screen, or remove this mapping.`
      : `Field \`${field}\` does not exist on site \`${target.siteName}\`, so it is on no Create screen (${where}): Jira rejects the create. Map to an existing field, or remove this mapping.`,
  };
}

/** The screens of the issue types the sync creates, and the finding of each target field written into them. */
export interface ScreenVerdicts {
  index: ScreenIndex;
  findings: Map<string, ScreenFinding>;
}

/** The screen verdicts for this validation; undefined without a target snapshot (nothing is predicted then). */
export function screenVerdicts(
  context: MetadataContext,
  used: Map<string, UsedIssueType>,
): ScreenVerdicts | undefined {
  const target = context.target;
  if (!target) return undefined;
  const index = screenIndex(target.site, used);
  return { index, findings: screenFindings(index, `${target.siteName}\n${target.projectKey}`) };
}

/** The finding of one written target field, worded once per snapshot version and set of created types. */
export function findingOf(context: MetadataContext, verdicts: ScreenVerdicts, field: string): ScreenFinding {
  let finding = verdicts.findings.get(field);
  if (finding === undefined) {
    const own = ownCopy(field); // cached across versions: not a slice of this version's text
    finding = screenFinding(context, verdicts.index, own);
    verdicts.findings.set(own, finding);
  }
  return finding;
}

/** `field-not-on-screen` of one written field. */
export function notOnScreen(
  written: WrittenField,
  finding: ScreenFinding,
  message: string,
  range: Range,
): ConfigDiagnostic {
  const path = writtenPath(written);
  const sourceField = written.sourceField;
  return makeDiagnostic('field-not-on-screen', Severity.Error, range, message, {
    path,
    issueTypes: finding.missingOn,
    targetField: written.field,
    ...(sourceField ? { sourceField } : {}),
  });
}

/**
 * The screen checks after the mappings' own (mapping-checks.ts): `link.field` on the screens, and
 * `required-field-unmapped` from the written fields that a screen requires (few, where the mappings are thousands).
 */
export function checkRequiredFields(
  context: MetadataContext,
  used: Map<string, UsedIssueType>,
  verdicts: ScreenVerdicts,
  requiredWritten: WrittenField[],
): ConfigDiagnostic[] {
  const out: ConfigDiagnostic[] = [];
  const project = context.target?.projectKey ?? '';
  const { index } = verdicts;
  const link = asString(asDict(context.config.link)?.field);
  if (link) {
    const written: WrittenField = { field: link };
    const finding = findingOf(context, verdicts, link);
    if (finding.required) requiredWritten.push(written);
    if (finding.message !== null) {
      const range = context.doc.valueRange(writtenPath(written));
      out.push(notOnScreen(written, finding, finding.message, range));
    }
  }
  out.push(...checkOptionalSources(context, used, requiredWritten, index));
  const setFields = new Set(requiredWritten.map((w) => w.field));
  for (const [field, types] of index.requiredOn) {
    if (ALWAYS_SET.has(field) || setFields.has(field)) continue;
    const names = types.map((t) => t.name);
    out.push(
      makeDiagnostic(
        'required-field-unmapped',
        Severity.Warning,
        context.doc.keyRange(['fields']),
        `The Create screen of ${issueTypeList(project, names)} requires ${fieldLabel(context, field, types[0]?.createFields?.get(field)?.name)}, but no mapping sets it: creates will fail (\`required-field-missing\` entries). Map a source field to it (with a \`default\` for empty values), or make it optional in the target project.`,
        { path: ['fields'], requiredField: field, targetField: field, issueTypes: names },
      ),
    );
  }
  return out;
}

/**
 * A mapping without `default` into a field the target requires, from a source field the source's create screen
 * does not require: issues where it is empty cannot be created (the engine leaves empty values out). Reported
 * only where the source snapshot has the create screens of the source types concerned.
 */
function checkOptionalSources(
  context: MetadataContext,
  used: Map<string, UsedIssueType>,
  written: WrittenField[],
  index: ScreenIndex,
): ConfigDiagnostic[] {
  const out: ConfigDiagnostic[] = [];
  const { source, target } = context;
  if (!source || !target) return out;
  const fields = asDict(context.config.fields) ?? {};
  for (const { field, sourceField } of written) {
    // Most target fields are required on no screen: look that up before anything else.
    const requiredOn = index.requiredOn.get(field);
    if (!requiredOn || !sourceField || ALWAYS_SET.has(field)) continue;
    const mapping = asDict(fields[sourceField]);
    if (mapping && 'default' in mapping) continue;
    const types: string[] = [];
    const emptyIn = new Set<string>();
    let targetName: string | undefined;
    for (const type of requiredOn) {
      const sourceTypes = used.get(type.name)?.sourceTypes ?? [];
      targetName ??= type.createFields?.get(field)?.name;
      const optional = sourceTypes.filter((name) => {
        const screen = source.project.issueTypes.get(name)?.createFields;
        if (!screen) return false; // unknown: nothing proven
        const at = screen.get(sourceField);
        return !at || (!at.required && !at.hasDefaultValue);
      });
      if (optional.length === 0) continue;
      types.push(type.name);
      for (const name of optional) emptyIn.add(name);
    }
    if (types.length === 0) continue;
    const sourceName = source.site.fields.get(sourceField)?.name;
    out.push(
      makeDiagnostic(
        'required-field-unmapped',
        Severity.Warning,
        context.doc.keyRange(['fields', sourceField]),
        `The Create screen of ${issueTypeList(target.projectKey, types)} requires ${fieldLabel(context, field, targetName)}, but ${sourceName && sourceName !== sourceField ? `\`${sourceField}\` (${sourceName})` : `\`${sourceField}\``} is optional in ${[...emptyIn].map((t) => `${source.projectKey} / ${t}`).join(', ')} and this mapping has no \`default\`: issues where it is empty cannot be created (\`required-field-missing\` entries). Add a \`default\`, or make the field required on the source.`,
        {
          path: ['fields', sourceField],
          // The generic "Add key" quick fix adds `default` into an object mapping; a plain string has no room.
          ...(mapping ? { missingKey: 'default' } : {}),
          sourceField,
          targetField: field,
          issueTypes: types,
        },
      ),
    );
  }
  return out;
}
