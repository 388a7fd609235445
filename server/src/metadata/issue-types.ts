// `unknown-issue-type`, and which target issue types the sync will create (the other rules check screens and
// workflows of exactly those). The engine maps a source type through `issueTypes`, and an unmapped type keeps
// its name (server/src/sync/map.ts), so both count.
import type { ConfigDiagnostic } from '../config/diagnostic';
import { Severity } from '../config/diagnostic';
import { metadataDiagnostic as makeDiagnostic } from './diagnostic';
import { suggest } from '../config/did-you-mean';
import { asDict, asString } from '../config/shape';
import type { MetadataContext, SideMetadata } from './context';
import type { IssueTypeMetadata } from './site-metadata';

/** A target issue type the sync creates, with the source types that become it. */
export interface UsedIssueType {
  type: IssueTypeMetadata;
  sourceTypes: string[];
}

/** The `issueTypes` mapping as strings (entries with other values are the schema's problem). */
export function issueTypeMapping(context: MetadataContext): Map<string, string> {
  const map = new Map<string, string>();
  for (const [source, target] of Object.entries(asDict(context.config.issueTypes) ?? {})) {
    const name = asString(target);
    if (name !== undefined && name !== '') map.set(source, name);
  }
  return map;
}

/**
 * The target issue types issues will be created as, that the target project has. Known only from what the
 * snapshots prove: with a source snapshot, every source type (mapped or keeping its name); without one, the
 * values of `issueTypes`.
 */
export function usedTargetIssueTypes(context: MetadataContext): Map<string, UsedIssueType> {
  const used = new Map<string, UsedIssueType>();
  const target = context.target;
  if (!target) return used;
  const mapping = issueTypeMapping(context);
  const pairs: [string, string][] = context.source
    ? [...context.source.project.issueTypes.keys()].map((s) => [s, mapping.get(s) ?? s])
    : [...mapping.entries()];
  for (const [sourceType, targetType] of pairs) {
    const type = target.project.issueTypes.get(targetType);
    if (!type) continue;
    const entry = used.get(targetType) ?? { type, sourceTypes: [] };
    entry.sourceTypes.push(sourceType);
    used.set(targetType, entry);
  }
  return used;
}

function names(side: SideMetadata): string[] {
  return [...side.project.issueTypes.keys()];
}

function listed(values: string[]): string {
  const shown = values.slice(0, 10).map((v) => `\`${v}\``);
  return values.length > 10 ? `${shown.join(', ')}, …` : shown.join(', ');
}

function unknownMessage(
  name: string,
  side: SideMetadata,
  role: string,
): { message: string; suggestions: string[] } {
  const all = names(side);
  const close = suggest(name, all);
  const hint = close.length
    ? ` Did you mean \`${close[0]}\`?`
    : all.length
      ? ` Its issue types: ${listed(all)}.`
      : '';
  return {
    message: `\`${name}\` is not an issue type of ${role} project ${side.projectKey} (site \`${side.siteName}\`).${hint}`,
    suggestions: close.length ? close : all,
  };
}

/** Keys the source project lacks, values the target project lacks, and unmapped source types the target lacks. */
export function checkIssueTypes(context: MetadataContext): ConfigDiagnostic[] {
  const out: ConfigDiagnostic[] = [];
  const { doc, source, target } = context;
  const mapping = issueTypeMapping(context);
  for (const [sourceType, targetType] of mapping) {
    const path = ['issueTypes', sourceType];
    if (source && !source.project.issueTypes.has(sourceType)) {
      const { message, suggestions } = unknownMessage(sourceType, source, 'source');
      out.push(
        makeDiagnostic(
          'unknown-issue-type',
          Severity.Error,
          doc.keyRange(path),
          `${message} This mapping never applies.`,
          // `unknownKey` makes the "Replace with" quick fix edit the key, not the value.
          { path, side: 'source', suggestions, issueType: sourceType, unknownKey: sourceType },
        ),
      );
    }
    if (target && !target.project.issueTypes.has(targetType)) {
      const { message, suggestions } = unknownMessage(targetType, target, 'target');
      out.push(
        makeDiagnostic(
          'unknown-issue-type',
          Severity.Error,
          doc.valueRange(path),
          `${message} Issues of type \`${sourceType}\` cannot be created there.`,
          { path, side: 'target', suggestions, issueType: targetType, sourceIssueType: sourceType },
        ),
      );
    }
  }
  if (source && target) {
    // A source type without a mapping keeps its name; if the target lacks it, its issues fail to import.
    const missing = [...source.project.issueTypes.keys()].filter(
      (s) => !mapping.has(s) && !target.project.issueTypes.has(s),
    );
    if (missing.length > 0) {
      const anchor = doc.find(['issueTypes']) ? ['issueTypes'] : ['target', 'project'];
      const range = anchor[0] === 'issueTypes' ? doc.keyRange(anchor) : doc.valueRange(anchor);
      const targets = names(target);
      for (const sourceType of missing) {
        const close = suggest(sourceType, targets);
        out.push(
          makeDiagnostic(
            'unknown-issue-type',
            Severity.Error,
            range,
            `Source issue type \`${sourceType}\` (${source.projectKey}) is not mapped and target project ${target.projectKey} has no issue type of that name, so its issues cannot be created. Map it under \`issueTypes\`, e.g. \`${sourceType}: ${close[0] ?? targets[0] ?? 'Task'}\`.`,
            {
              path: anchor,
              side: 'target',
              // On the `issueTypes` key the "Replace with" fix finds no scalar to edit; on `target.project` it
              // would replace the project, so the names go under another key there.
              ...(anchor[0] === 'issueTypes'
                ? { suggestions: close.length ? close : targets }
                : { targetIssueTypes: close.length ? close : targets }),
              issueType: sourceType,
              sourceIssueType: sourceType,
              unmapped: true,
            },
          ),
        );
      }
    }
  }
  return out;
}
