// `unknown-status` (a key the source project's workflows lack, a value the target's lack) and
// `status-unreachable` (a mapped target status that the workflow of an issue type the sync creates does not
// reach from its initial status: the engine cannot transition issues there, `invalid-transition` entries).
import type { ConfigDiagnostic } from '../config/diagnostic';
import { Severity } from '../config/diagnostic';
import { metadataDiagnostic as makeDiagnostic } from './diagnostic';
import { suggest } from '../config/did-you-mean';
import { asDict, asString } from '../config/shape';
import type { MetadataContext, SideMetadata } from './context';
import type { UsedIssueType } from './issue-types';
import type { IssueTypeMetadata } from './site-metadata';

/** The statuses one side can have: its project's workflows, else every status of the site; undefined if unknown. */
function knownStatuses(side: SideMetadata): ReadonlySet<string> | undefined {
  return side.project.statuses ?? side.site.siteStatuses;
}

function unknownStatus(
  context: MetadataContext,
  side: SideMetadata,
  name: string,
  path: string[],
  sourceStatus: string,
): ConfigDiagnostic | undefined {
  const known = knownStatuses(side);
  if (!known || known.has(name)) return undefined;
  const all = [...known];
  const close = suggest(name, all);
  const where = side.project.statuses
    ? `the workflows of ${side.side} project ${side.projectKey}`
    : `site \`${side.siteName}\``;
  const hint = close.length
    ? ` Did you mean \`${close[0]}\`?`
    : ` Its statuses: ${all
        .slice(0, 10)
        .map((s) => `\`${s}\``)
        .join(', ')}${all.length > 10 ? ', …' : ''}.`;
  const consequence =
    side.side === 'source'
      ? ' This mapping never applies.'
      : ` Issues in \`${sourceStatus}\` cannot be moved there.`;
  return makeDiagnostic(
    'unknown-status',
    Severity.Error,
    side.side === 'source' ? context.doc.keyRange(path) : context.doc.valueRange(path),
    `\`${name}\` is not a status of ${where}.${hint}${consequence}`,
    {
      path,
      side: side.side,
      suggestions: close.length ? close : all,
      status: name,
      // `unknownKey` makes the "Replace with" quick fix edit the key (a source status), not the value.
      ...(side.side === 'source' ? { unknownKey: name } : {}),
    },
  );
}

// Per issue type of one snapshot version: a workflow does not change between keystrokes.
const reachableCache = new WeakMap<IssueTypeMetadata, { states: Set<string> | undefined }>();

/** The statuses a workflow reaches from its initial status (global transitions count), once per snapshot. */
function reachable(type: IssueTypeMetadata): Set<string> | undefined {
  let cached = reachableCache.get(type);
  if (!cached) {
    cached = { states: walkWorkflow(type) };
    reachableCache.set(type, cached);
  }
  return cached.states;
}

function walkWorkflow(type: IssueTypeMetadata): Set<string> | undefined {
  if (type.initialStatus === undefined || !type.transitions) return undefined;
  const seen = new Set([type.initialStatus]);
  const queue = [type.initialStatus];
  while (queue.length > 0) {
    const at = queue.shift() as string;
    for (const t of type.transitions) {
      if ((t.from.length === 0 || t.from.includes(at)) && !seen.has(t.to)) {
        seen.add(t.to);
        queue.push(t.to);
      }
    }
  }
  return seen;
}

/** Whether issues of these source types can be in `sourceStatus` (true when the source workflows are unknown). */
function sourceCanBeIn(context: MetadataContext, sourceTypes: string[], sourceStatus: string): boolean {
  const source = context.source;
  if (!source) return true;
  return sourceTypes.some((name) => {
    const statuses = source.project.issueTypes.get(name)?.statuses;
    return statuses === undefined || statuses.includes(sourceStatus);
  });
}

/** Checks every `statuses` entry against both sides' workflows. */
export function checkStatuses(
  context: MetadataContext,
  used: Map<string, UsedIssueType>,
): ConfigDiagnostic[] {
  const out: ConfigDiagnostic[] = [];
  const statuses = asDict(context.config.statuses) ?? {};
  const reach = new Map<string, Set<string> | undefined>();
  for (const [sourceStatus, rawTarget] of Object.entries(statuses)) {
    const targetStatus = asString(rawTarget);
    const path = ['statuses', sourceStatus];
    if (context.source) {
      const d = unknownStatus(context, context.source, sourceStatus, path, sourceStatus);
      if (d) out.push(d);
    }
    if (targetStatus === undefined || targetStatus === '' || !context.target) continue;
    const unknown = unknownStatus(context, context.target, targetStatus, path, sourceStatus);
    if (unknown) {
      out.push(unknown);
      continue;
    }
    if (context.source && !knownStatuses(context.source)?.has(sourceStatus) && knownStatuses(context.source))
      continue;
    const notInWorkflow: string[] = [];
    const unreachable: string[] = [];
    for (const [name, { type, sourceTypes }] of used) {
      if (!sourceCanBeIn(context, sourceTypes, sourceStatus)) continue;
      if (type.statuses && !type.statuses.includes(targetStatus)) {
        notInWorkflow.push(name);
        continue;
      }
      if (!reach.has(name)) reach.set(name, reachable(type));
      const states = reach.get(name);
      if (states && !states.has(targetStatus)) unreachable.push(name);
    }
    if (notInWorkflow.length === 0 && unreachable.length === 0) continue;
    const project = context.target.projectKey;
    const parts: string[] = [];
    if (notInWorkflow.length > 0) {
      parts.push(`is not in the workflow of ${notInWorkflow.map((t) => `${project} / ${t}`).join(', ')}`);
    }
    if (unreachable.length > 0) {
      parts.push(
        `cannot be reached from the initial status of ${unreachable.map((t) => `${project} / ${t}`).join(', ')} by any chain of transitions`,
      );
    }
    out.push(
      makeDiagnostic(
        'status-unreachable',
        Severity.Warning,
        context.doc.valueRange(path),
        `Status \`${targetStatus}\` ${parts.join(', and ')}: issues in \`${sourceStatus}\` will stay where they are (\`invalid-transition\` entries). Map to a reachable status, or add a transition to the target workflow.`,
        { path, status: targetStatus, issueTypes: [...notInWorkflow, ...unreachable] },
      ),
    );
  }
  return out;
}
