// Completion and hover from the sites' metadata snapshots (issue 8 item 3): a FieldCatalogue (the authoring
// features' seam) that knows each site's custom fields with their names and types, its issue types and
// statuses, and on which create screens of the target project each field is. Without a snapshot it falls back
// to the system catalogue. Reads the config from its text, so it works while the YAML is broken.
import { systemField } from '../config/system-fields';
import { classifyField } from '../personal-data/classify';
import type { LoadedSnapshot, SnapshotField, SnapshotLookup } from '../personal-data/snapshot';
import { loadSnapshot, stateDirectoryFor } from '../personal-data/snapshot';
import { KIND_LABELS, kindOfSnapshotField } from '../metadata/field-types';
import type { ProjectMetadata, SiteMetadata } from '../metadata/site-metadata';
import { siteMetadata } from '../metadata/site-metadata';
import type { ConfigText } from './config-text';
import { systemFieldCatalogue } from './field-catalogue';
import type { FieldCatalogue, FieldInfo, Side } from './field-catalogue';
import { scanFlow } from './flow';

interface SideRef {
  site?: string;
  project?: string;
}

/** `key: value` pairs of a top-level mapping, flow (`{ site: a, project: B }`) or block. */
function topLevelMap(text: ConfigText, key: string): Record<string, string> {
  const line = text.topLevelLine(key);
  if (line < 0) return {};
  const facts = text.at(line);
  const out: Record<string, string> = {};
  if (facts.valueStart !== undefined && text.line(line)[facts.valueStart] === '{') {
    for (const e of scanFlow(text.line(line), facts.valueStart).entries) {
      if (e.parents.length === 0 && e.key && e.value) out[e.key.text] = e.value.text;
    }
    return out;
  }
  for (const child of text.childLines(line)) {
    const f = text.at(child);
    if (f.key !== undefined && f.value !== undefined) out[f.key] = f.value.replace(/^(["'])(.*)\1$/, '$2');
  }
  return out;
}

function scalarOf(text: ConfigText, key: string): string | undefined {
  const line = text.topLevelLine(key);
  const value = line < 0 ? undefined : text.at(line).value;
  return value?.replace(/^(["'])(.*)\1$/, '$2');
}

interface SideMetadata {
  siteName: string;
  lookup: SnapshotLookup;
  site?: SiteMetadata;
  project?: ProjectMetadata;
}

function typeLabel(id: string, field: SnapshotField | undefined): string {
  const kind = kindOfSnapshotField(id, field);
  if (kind !== 'unknown') return KIND_LABELS[kind].replace(/^an? /, '');
  return field?.schema?.custom?.split(':').pop() ?? field?.schema?.type ?? 'field';
}

/** "On the Create screen of ENG / Bug, Task; not on Story." for a field id, from the target's snapshot. */
function screensLine(side: SideMetadata | undefined, id: string): string | undefined {
  const project = side?.project;
  if (!project) return undefined;
  const on: string[] = [];
  const off: string[] = [];
  for (const type of project.issueTypes.values()) {
    if (!type.createFields) continue;
    (type.createFields.has(id) ? on : off).push(type.name);
  }
  if (on.length === 0 && off.length === 0) return undefined;
  const list = (names: string[]) =>
    names.length > 8 ? `${names.slice(0, 8).join(', ')}, …` : names.join(', ');
  if (on.length === 0) return `On no Create screen of ${project.key}.`;
  return `On the Create screen of ${project.key} / ${list(on)}${off.length ? `; not on ${list(off)}` : ''}.`;
}

const infoCache = new WeakMap<LoadedSnapshot, Map<string, FieldInfo[]>>();

class MetadataCatalogue implements FieldCatalogue {
  constructor(private readonly sides: Partial<Record<Side, SideMetadata>>) {}

  private info(id: string, side: Side, field: SnapshotField | undefined): FieldInfo | undefined {
    const meta = this.sides[side];
    const system = systemFieldCatalogue.field(id, side);
    if (!field && !system) return undefined;
    const screens = screensLine(meta, id);
    const fetched = meta?.site?.fetchedAt?.toISOString().slice(0, 10);
    const description = [system?.description, screens].filter(Boolean).join(' ');
    return {
      id,
      name: field?.name ?? system?.name ?? id,
      kind: system?.kind ?? typeLabel(id, field),
      personalData: system?.personalData ?? classifyField(id, meta?.lookup).kind === 'user',
      sourceOnly: system?.sourceOnly,
      ...(description ? { description } : {}),
      origin: field
        ? `From the metadata snapshot of \`${meta?.siteName ?? side}\`${fetched ? ` (fetched ${fetched})` : ''}`
        : (system?.origin ?? 'Jira system field'),
    };
  }

  fields(side: Side): readonly FieldInfo[] {
    const meta = this.sides[side];
    if (meta?.lookup.state !== 'loaded') return systemFieldCatalogue.fields(side);
    const loaded = meta.lookup.loaded;
    let bySide = infoCache.get(loaded);
    if (!bySide) {
      bySide = new Map();
      infoCache.set(loaded, bySide);
    }
    const key = `${side}\n${meta.project?.key ?? ''}`;
    const cached = bySide.get(key);
    if (cached) return cached;
    const system = systemFieldCatalogue
      .fields(side)
      .map((f) => this.info(f.id, side, loaded.fieldsById.get(f.id)) ?? f);
    const custom = [...loaded.fieldsById.values()]
      .filter((f) => f.custom && /^customfield_\d+$/.test(f.id))
      .map((f) => this.info(f.id, side, f))
      .filter((f): f is FieldInfo => f !== undefined);
    const all = [...system, ...custom];
    bySide.set(key, all);
    return all;
  }

  field(id: string, side: Side): FieldInfo | undefined {
    const meta = this.sides[side];
    const snapshotField = meta?.lookup.state === 'loaded' ? meta.lookup.loaded.fieldsById.get(id) : undefined;
    if (!snapshotField && !systemField(id)) return undefined;
    return this.info(id, side, snapshotField);
  }

  issueTypes(side: Side): readonly string[] {
    const project = this.sides[side]?.project;
    return project ? [...project.issueTypes.keys()] : systemFieldCatalogue.issueTypes(side);
  }

  statuses(side: Side): readonly string[] {
    const meta = this.sides[side];
    const known = meta?.project?.statuses ?? meta?.site?.siteStatuses;
    return known ? [...known] : systemFieldCatalogue.statuses(side);
  }
}

/**
 * The catalogue for one config text: its source and target sites' snapshots in the state directory
 * (`backbone.stateDirectory`, else the per-OS default), read through the cached snapshot reader.
 */
export function metadataCatalogue(text: ConfigText, stateDir: string | undefined): FieldCatalogue {
  const syncName = scalarOf(text, 'name');
  if (!syncName) return systemFieldCatalogue;
  const dir = stateDirectoryFor(stateDir);
  const sides: Partial<Record<Side, SideMetadata>> = {};
  for (const side of ['source', 'target'] as const) {
    const ref: SideRef = topLevelMap(text, side);
    if (!ref.site) continue;
    const lookup = loadSnapshot(dir, syncName, ref.site);
    const site = lookup.state === 'loaded' ? siteMetadata(lookup.loaded) : undefined;
    sides[side] = {
      siteName: ref.site,
      lookup,
      site,
      project: ref.project ? site?.projects.get(ref.project) : undefined,
    };
  }
  return Object.keys(sides).length ? new MetadataCatalogue(sides) : systemFieldCatalogue;
}
