// What flows where: one analysis of a config that the validator, the hover and the report all read, so the
// three can never disagree. Works on configs that do not match the schema yet (every keystroke).
import type { ConfigPath } from '../config/diagnostic';
import type { ConfigDocument } from '../config/document';
import type { Direction } from '../config/model';
import { asDict, asString } from '../config/shape';
import type { ValidationContext } from '../config/validator';
import type { FieldClass } from './classify';
import { classifyField } from './classify';
import type { SnapshotLookup } from './snapshot';
import { loadSnapshot, stateDirectoryFor } from './snapshot';

/** The default of `personalData.retentionDays` (schemas/sync-config.schema.json). */
export const DEFAULT_RETENTION_DAYS = 30;

export interface SiteFacts {
  name: string;
  url?: string;
  /** `underYourControl: true` was written; absent means false. */
  underYourControl: boolean;
  /** `underYourControl` was written at all (false and absent read differently in messages). */
  controlStated: boolean;
}

/** One mapping that moves data: a field mapping, `comments` or `attachments`. */
export interface Flow {
  kind: 'field' | 'comments' | 'attachments' | 'worklogs';
  /** Where the mapping is written: `['fields', source]`, `['comments']`, `['attachments']`. */
  path: ConfigPath;
  sourceField: string;
  targetField?: string;
  direction: Direction;
  asText: boolean;
  /** The source field on the source site, the target field on the target site. */
  source?: FieldClass;
  target?: FieldClass;
  /** Moves user references (a user field, or comment/attachment authors while `exchange` is true). */
  personalData: boolean;
  /** A user field copied into text: names become untracked free text. */
  userAsText: boolean;
  /** Free text flows (summary, description, …, comment bodies). */
  freeText: boolean;
  /** A custom field no snapshot classifies (source or target side). */
  unclassified: FieldClass[];
  /** The sites that receive data through this mapping (both for a two-way mapping). */
  receivingSites: string[];
}

export interface PersonalDataAnalysis {
  syncName?: string;
  exchange: boolean;
  /** `personalData.exchange` is written (as true or false). */
  exchangeStated: boolean;
  retentionDays: number;
  users: 'account-id' | 'email';
  sourceSite?: string;
  targetSite?: string;
  sites: Map<string, SiteFacts>;
  snapshots: Map<string, SnapshotLookup>;
  stateDir: string;
  /** The mappings that move personal data or free text (mappings of other fields are not listed). */
  flows: Flow[];
  /** Custom field ids of any mapping that no snapshot classifies (may repeat). */
  unclassifiedFields: string[];
}

function isDirection(value: unknown): value is Direction {
  return value === 'source-to-target' || value === 'target-to-source' || value === 'both';
}

function receiversOf(direction: Direction, sourceSite?: string, targetSite?: string): string[] {
  const sites =
    direction === 'source-to-target'
      ? [targetSite]
      : direction === 'target-to-source'
        ? [sourceSite]
        : [targetSite, sourceSite];
  return [...new Set(sites.filter((s): s is string => s !== undefined && s !== ''))];
}

const NONE: FieldClass[] = [];

const cache = new WeakMap<ConfigDocument, { stateDir: string; analysis: PersonalDataAnalysis }>();

/** Analyses a parsed config (cached per document version and state directory). */
export function analyzePersonalData(
  doc: ConfigDocument,
  context: ValidationContext = {},
): PersonalDataAnalysis {
  const stateDir = stateDirectoryFor(context.stateDir);
  const cached = cache.get(doc);
  if (cached && cached.stateDir === stateDir) return cached.analysis;
  const analysis = analyzeValue(doc.value, stateDir);
  cache.set(doc, { stateDir, analysis });
  return analysis;
}

/** The analysis of a config value (plain data, as `doc.value` gives it). */
export function analyzeValue(value: unknown, stateDir: string): PersonalDataAnalysis {
  const config = asDict(value) ?? {};
  const personalData = asDict(config.personalData);
  const exchangeValue = personalData?.exchange;
  const retention = personalData?.retentionDays;
  const syncName = asString(config.name);
  const sourceSite = asString(asDict(config.source)?.site);
  const targetSite = asString(asDict(config.target)?.site);

  const sites = new Map<string, SiteFacts>();
  for (const [name, raw] of Object.entries(asDict(config.sites) ?? {})) {
    const site = asDict(raw);
    sites.set(name, {
      name,
      url: asString(site?.url),
      underYourControl: site?.underYourControl === true,
      controlStated: typeof site?.underYourControl === 'boolean',
    });
  }

  const snapshots = new Map<string, SnapshotLookup>();
  const snapshotOf = (site: string | undefined): SnapshotLookup | undefined => {
    if (!site || !syncName) return undefined;
    let lookup = snapshots.get(site);
    if (!lookup) {
      lookup = loadSnapshot(stateDir, syncName, site);
      snapshots.set(site, lookup);
    }
    return lookup;
  };

  const analysis: PersonalDataAnalysis = {
    syncName,
    exchange: exchangeValue === true,
    exchangeStated: typeof exchangeValue === 'boolean',
    retentionDays:
      typeof retention === 'number' && Number.isInteger(retention) && retention >= 0
        ? retention
        : DEFAULT_RETENTION_DAYS,
    users: personalData?.users === 'email' ? 'email' : 'account-id',
    sourceSite,
    targetSite,
    sites,
    snapshots,
    stateDir,
    flows: [],
    unclassifiedFields: [],
  };

  // Shared by every flow of a direction (flows are read-only), so a config with thousands of mappings
  // allocates three lists, not thousands.
  const receivers: Record<Direction, string[]> = {
    'source-to-target': receiversOf('source-to-target', sourceSite, targetSite),
    'target-to-source': receiversOf('target-to-source', sourceSite, targetSite),
    both: receiversOf('both', sourceSite, targetSite),
  };
  const fields = asDict(config.fields) ?? {};
  const sourceSnapshot = snapshotOf(sourceSite);
  const targetSnapshot = snapshotOf(targetSite);
  for (const sourceField in fields) {
    const mapping = fields[sourceField];
    const object = typeof mapping === 'string' ? undefined : asDict(mapping);
    const targetField = typeof mapping === 'string' ? mapping : asString(object?.target);
    const asText = object?.as === 'text';
    const source = classifyField(sourceField, sourceSnapshot);
    const target = targetField ? classifyField(targetField, targetSnapshot) : undefined;
    const sourceUnknown = source.kind === 'unknown';
    const targetUnknown = target?.kind === 'unknown';
    if (sourceUnknown) analysis.unclassifiedFields.push(source.id);
    if (targetUnknown && target) analysis.unclassifiedFields.push(target.id);
    const targetIsUser = target?.kind === 'user' && !asText;
    const personal = source.kind === 'user' || targetIsUser;
    const freeText = source.kind === 'free-text' && !targetIsUser;
    // Most mappings of a big config move neither: no flow object for them (validation runs per keystroke).
    if (!personal && !freeText) continue;
    const direction = isDirection(object?.direction) ? object.direction : 'source-to-target';
    analysis.flows.push({
      kind: 'field',
      path: ['fields', sourceField],
      sourceField,
      targetField,
      direction,
      asText,
      source,
      target,
      personalData: personal,
      userAsText: source.kind === 'user' && (asText || target?.kind === 'free-text'),
      freeText,
      unclassified:
        sourceUnknown && targetUnknown
          ? [source, target]
          : sourceUnknown
            ? [source]
            : targetUnknown && target
              ? [target]
              : NONE,
      receivingSites: receivers[direction],
    });
  }

  // Comment bodies are free text; their authors are personal data only while `exchange` is true (otherwise
  // the sync user posts them without author attribution). Attachments and worklogs (planned, DESIGN.md §6)
  // likewise name who added them.
  for (const kind of ['comments', 'attachments', 'worklogs'] as const) {
    if (asDict(config[kind])?.sync !== true) continue;
    analysis.flows.push({
      kind,
      path: [kind],
      sourceField: kind,
      direction: 'source-to-target',
      asText: false,
      personalData: analysis.exchange,
      userAsText: false,
      freeText: kind === 'comments',
      unclassified: [],
      receivingSites: receiversOf('source-to-target', sourceSite, targetSite),
    });
  }
  return analysis;
}

/** The receiving sites of a flow that are not marked `underYourControl: true`. */
export function uncontrolledReceivers(analysis: PersonalDataAnalysis, flow: Flow): string[] {
  return flow.receivingSites.filter((name) => analysis.sites.get(name)?.underYourControl !== true);
}

/** The source and target classification of one field mapping (for a hover on a mapping no flow lists). */
export function classifyMapping(
  analysis: PersonalDataAnalysis,
  value: unknown,
  sourceField: string,
): { source: FieldClass; target?: FieldClass } | undefined {
  const fields = asDict(asDict(value)?.fields);
  if (!fields || !(sourceField in fields)) return undefined;
  const mapping = fields[sourceField];
  const targetField = typeof mapping === 'string' ? mapping : asString(asDict(mapping)?.target);
  const snapshotOf = (site: string | undefined): SnapshotLookup | undefined =>
    site ? analysis.snapshots.get(site) : undefined;
  return {
    source: classifyField(sourceField, snapshotOf(analysis.sourceSite)),
    target: targetField ? classifyField(targetField, snapshotOf(analysis.targetSite)) : undefined,
  };
}
