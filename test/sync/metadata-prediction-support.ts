// The acceptance measure of the metadata checks (issue 8): every troubleshooting entry of a predictable category
// must have been predicted, before the run, by a diagnostic on the config line the entry blames; and no
// diagnostic may predict a failure that the run's data exercised but that did not happen.
// Also builds metadata snapshots from an emulator seed, for as long as `backbone-sync metadata` cannot write them.
import { readFileSync } from 'node:fs';
import type { IssueState, Seed, SiteSeed } from '../jira-emulator/index';
import { fieldCatalog } from '../jira-emulator/fields-catalog';

/** A diagnostic as the measure reads it: its 1-based line, code, severity, message and quick-fix data. */
export interface Prediction {
  line: number;
  code: string;
  severity: number;
  message: string;
  data: Record<string, unknown>;
}

/** The part of an `entries --format json` entry the measure reads. */
export interface PrintedEntry {
  id: string;
  category: string;
  operation: string;
  fieldId?: string | null;
  configLine: number | null;
  sourceKey?: string;
  triggeredBy?: string | { key?: string };
}

/** Entry categories a metadata snapshot can foresee, and the codes that predict each. */
export const PREDICTING_CODES: Record<string, string[]> = {
  'field-not-on-screen': ['field-not-on-screen'],
  'required-field-missing': ['required-field-unmapped', 'unknown-issue-type'],
  'invalid-transition': ['status-unreachable', 'unknown-status'],
  // How the engine files a create refused for its issue type is its choice: any of these on the line counts.
  'not-found': ['unknown-issue-type'],
  validation: ['unknown-issue-type', 'field-type-mismatch'],
};

/** Whether an entry is of a category the issue asks us to predict. */
export function isPredictable(entry: PrintedEntry): boolean {
  return (
    entry.category === 'field-not-on-screen' ||
    entry.category === 'required-field-missing' ||
    entry.category === 'invalid-transition' ||
    entry.fieldId === 'issuetype'
  );
}

/** Diagnostics that predict a failure (information, hints and personal-data codes do not). */
export function isPrediction(d: Prediction): boolean {
  return (
    (d.code === 'field-not-on-screen' ||
      d.code === 'status-unreachable' ||
      d.code === 'unknown-issue-type' ||
      d.code === 'unknown-status' ||
      (d.code === 'required-field-unmapped' && d.severity === 2)) &&
    d.data.side !== 'source' // a source-side unknown: that mapping never applies, nothing fails
  );
}

export interface Measure {
  predictable: PrintedEntry[];
  predicted: PrintedEntry[];
  unpredicted: PrintedEntry[];
  predictions: Prediction[];
  /** Predictions with an entry of a matching category on their line. */
  confirmed: Prediction[];
  /** Predictions without such an entry, whose condition the data never met (no issue of that type and value). */
  latent: Prediction[];
  /** Predictions without such an entry although the data met their condition: false predictions. */
  falsified: Prediction[];
}

/**
 * Compares the diagnostics printed before the run with the entries after it. `exercised` tells whether the
 * run's data met a prediction's condition (see `exercisedBy`).
 */
export function measure(
  diagnostics: Prediction[],
  entries: PrintedEntry[],
  exercised: (d: Prediction) => boolean,
): Measure {
  const predictions = diagnostics.filter(isPrediction);
  const predictable = entries.filter(isPredictable);
  // Same line, a code that foresees the category, and the same target field where both name one.
  const matches = (entry: PrintedEntry, d: Prediction) => {
    if (entry.configLine !== d.line || !(PREDICTING_CODES[entry.category] ?? []).includes(d.code))
      return false;
    if (entry.fieldId === 'issuetype') return d.code === 'unknown-issue-type';
    const field = typeof d.data.targetField === 'string' ? d.data.targetField : undefined;
    return !field || !entry.fieldId || entry.fieldId === field;
  };
  const predicted = predictable.filter((e) => predictions.some((d) => matches(e, d)));
  const confirmed = predictions.filter((d) => entries.some((e) => matches(e, d)));
  const unconfirmed = predictions.filter((d) => !confirmed.includes(d));
  return {
    predictable,
    predicted,
    unpredicted: predictable.filter((e) => !predicted.includes(e)),
    predictions,
    confirmed,
    latent: unconfirmed.filter((d) => !exercised(d)),
    falsified: unconfirmed.filter((d) => exercised(d)),
  };
}

export interface SyncShape {
  issueTypes: Record<string, string>;
  fields: Record<string, unknown>;
  statuses: Record<string, string>;
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

/**
 * Whether the source issues met a prediction's condition: an issue becoming a named target type with a value in
 * the mapped field (field-not-on-screen), without one (a required field fed by an optional one), any issue of a
 * named type (a required field nothing maps), an issue in the mapped source status (statuses), or of the type.
 */
export function exercisedBy(shape: SyncShape, sourceIssues: IssueState[]): (d: Prediction) => boolean {
  const targetTypeOf = (issue: IssueState) => shape.issueTypes[issue.issueType] ?? issue.issueType;
  return (d) => {
    const types = Array.isArray(d.data.issueTypes) ? (d.data.issueTypes as string[]) : undefined;
    const ofTypes = sourceIssues.filter((i) => !types || types.includes(targetTypeOf(i)));
    const sourceField = typeof d.data.sourceField === 'string' ? d.data.sourceField : undefined;
    const path = Array.isArray(d.data.path) ? (d.data.path as string[]) : [];
    switch (d.code) {
      case 'field-not-on-screen':
        return sourceField ? ofTypes.some((i) => !isEmpty(i.fields[sourceField])) : ofTypes.length > 0;
      case 'required-field-unmapped':
        return sourceField ? ofTypes.some((i) => isEmpty(i.fields[sourceField])) : ofTypes.length > 0;
      case 'status-unreachable':
      case 'unknown-status':
        return path[0] === 'statuses' && ofTypes.some((i) => i.status === path[1]);
      case 'unknown-issue-type':
        return sourceIssues.some((i) => i.issueType === d.data.sourceIssueType);
      default:
        return true;
    }
  };
}

/** One share as "n of m (p %)". */
export function share(part: number, whole: number): string {
  return whole === 0 ? '0 of 0' : `${part} of ${whole} (${Math.round((part / whole) * 100)} %)`;
}

function statusRef(site: SiteSeed, name: string): { id: string; name: string } {
  return { id: site.statuses[name]?.id ?? name, name };
}

/**
 * The snapshot `backbone-sync metadata` would write for one site of a seed, derived from the seed itself
 * (screens, required fields, workflows with their initial status). Used only until the verb works.
 */
export function snapshotFromSeed(
  seed: Seed,
  siteName: string,
  url: string,
  syncName: string,
  projects: string[],
): unknown {
  const site = seed.sites[siteName];
  if (!site) throw new Error(`no site ${siteName} in the seed`);
  const catalog = fieldCatalog(site);
  return {
    version: 1,
    sync: syncName,
    site: { name: siteName, url },
    fetchedAt: new Date().toISOString(),
    fields: [...catalog.values()].map((f) => ({
      id: f.id,
      name: f.name,
      custom: f.custom,
      schema: f.schema,
    })),
    projects: projects.flatMap((key) => {
      const project = site.projects[key];
      if (!project) return [];
      return [
        {
          id: project.id,
          key,
          name: project.name,
          issueTypes: project.issueTypes.map((name) => {
            const screen = project.screens[name] ?? project.screens['*'];
            const workflow = project.workflows[name] ?? project.workflows['*'];
            const required = new Set(['summary', ...(screen?.required ?? [])]);
            const statuses = new Set<string>(workflow ? [workflow.initial] : []);
            for (const t of workflow?.transitions ?? [])
              for (const s of [t.to, ...(t.from ?? [])]) statuses.add(s);
            return {
              id: site.issueTypes[name]?.id ?? name,
              name,
              subtask: false,
              createFields: (screen?.create ?? []).flatMap((id) => {
                const field = catalog.get(id);
                return field
                  ? [{ id, name: field.name, required: required.has(id), schema: field.schema }]
                  : [];
              }),
              statuses: [...statuses].map((s) => statusRef(site, s)),
              transitions: (workflow?.transitions ?? []).map((t) => ({
                id: t.id,
                name: t.name,
                from: (t.from ?? []).map((s) => statusRef(site, s)),
                to: statusRef(site, t.to),
              })),
              ...(workflow ? { initialStatus: statusRef(site, workflow.initial) } : {}),
            };
          }),
        },
      ];
    }),
    statuses: Object.entries(site.statuses).map(([name, s]) => ({ id: s.id, name, category: s.category })),
  };
}

/** Whether a snapshot file gives every issue type's workflow: statuses, transitions and the initial status. */
export function snapshotHasWorkflows(path: string): boolean {
  const snapshot = JSON.parse(readFileSync(path, 'utf8')) as {
    projects?: { issueTypes?: { statuses?: unknown; transitions?: unknown; initialStatus?: unknown }[] }[];
  };
  const types = (snapshot.projects ?? []).flatMap((p) => p.issueTypes ?? []);
  return types.length > 0 && types.every((t) => t.statuses && t.transitions && t.initialStatus);
}
