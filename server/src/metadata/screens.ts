// The target's create screens: `field-not-on-screen` (a field the engine writes in the create call that the
// screen of an issue type it creates lacks) and `required-field-unmapped` as a warning (a field the screen
// requires, without a default value, that nothing writes).
import type { ConfigDiagnostic, ConfigPath } from '../config/diagnostic';
import { Severity, makeDiagnostic } from '../config/diagnostic';
import { asDict, asString, mappingTarget } from '../config/shape';
import type { MetadataContext } from './context';
import type { UsedIssueType } from './issue-types';
import type { ScreenIndex } from './screen-index';
import { issueTypeList, screenIndex, screensWithout } from './screen-index';

/** A target field written in the create call, and where the config says so. */
export interface WrittenField {
  field: string;
  /** The path of the target's value node. */
  path: ConfigPath;
  /** The source field of the mapping (absent for `link.field`). */
  sourceField?: string;
}

/** Fields Jira sets itself or the engine always sends: never reported as required-but-unmapped. */
const ALWAYS_SET = new Set(['project', 'issuetype', 'summary']);

/** Every target field the engine writes when it creates an issue (watchers go through their own endpoint). */
export function writtenFields(context: MetadataContext): WrittenField[] {
  const out: WrittenField[] = [];
  for (const [source, mapping] of Object.entries(asDict(context.config.fields) ?? {})) {
    const target = mappingTarget(mapping);
    if (!target || target === 'watchers') continue;
    const direction = asString(asDict(mapping)?.direction);
    if (direction !== undefined && direction !== 'source-to-target') continue;
    out.push({
      field: target,
      path: typeof mapping === 'string' ? ['fields', source] : ['fields', source, 'target'],
      sourceField: source,
    });
  }
  const link = asString(asDict(context.config.link)?.field);
  if (link) out.push({ field: link, path: ['link', 'field'] });
  return out;
}

function fieldLabel(context: MetadataContext, id: string, name?: string): string {
  const known = name ?? context.target?.site.fields.get(id)?.name;
  return known && known !== id ? `\`${id}\` (${known})` : `\`${id}\``;
}

/** Screen checks over the issue types the sync creates. */
export function checkScreens(context: MetadataContext, used: Map<string, UsedIssueType>): ConfigDiagnostic[] {
  const out: ConfigDiagnostic[] = [];
  const target = context.target;
  if (!target) return out;
  const project = target.projectKey;
  const index = screenIndex(target.site, used);
  const written = writtenFields(context);
  for (const { field, path, sourceField } of written) {
    const missingOn = screensWithout(index, field);
    if (missingOn.length === 0) continue;
    const exists = target.site.fields.size === 0 || target.site.fields.has(field);
    const where = issueTypeList(project, missingOn);
    out.push(
      makeDiagnostic(
        'field-not-on-screen',
        Severity.Error,
        context.doc.valueRange(path),
        exists
          ? `Field ${fieldLabel(context, field)} is not on the Create screen of ${where}: Jira rejects the create. Add it to the screen, or remove this mapping.`
          : `Field \`${field}\` does not exist on site \`${target.siteName}\`, so it is on no Create screen (${where}): Jira rejects the create. Map to an existing field, or remove this mapping.`,
        { path, issueTypes: missingOn, targetField: field, ...(sourceField ? { sourceField } : {}) },
      ),
    );
  }
  out.push(...checkOptionalSources(context, used, written, index));
  const set = new Set(written.map((w) => w.field));
  for (const [field, types] of index.requiredOn) {
    if (ALWAYS_SET.has(field) || set.has(field)) continue;
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
    if (!sourceField || ALWAYS_SET.has(field)) continue;
    const mapping = asDict(fields[sourceField]);
    if (mapping && 'default' in mapping) continue;
    const types: string[] = [];
    const emptyIn = new Set<string>();
    let targetName: string | undefined;
    for (const type of index.requiredOn.get(field) ?? []) {
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
