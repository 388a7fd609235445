// What every metadata rule reads: the config's source and target, each with its site's snapshot and project
// when the snapshot can speak for them. A side without a usable snapshot is undefined, and the rules then
// predict nothing about it (only `metadata-missing` is reported): never a false prediction.
import type { ConfigDocument } from '../config/document';
import type { Dict } from '../config/shape';
import { asDict, asString, envReference } from '../config/shape';
import type { ValidationContext } from '../config/validator';
import type { SnapshotLookup } from '../personal-data/snapshot';
import { loadSnapshot, stateDirectoryFor } from '../personal-data/snapshot';
import type { ProjectMetadata, SiteMetadata } from './site-metadata';
import { siteMetadata } from './site-metadata';

export type Side = 'source' | 'target';

/** One side of the sync with the metadata that describes it. */
export interface SideMetadata {
  side: Side;
  siteName: string;
  projectKey: string;
  site: SiteMetadata;
  project: ProjectMetadata;
}

/** Why a site used by the config has no usable snapshot; reported as `metadata-missing`. */
export type SiteProblem =
  | { kind: 'no-snapshot'; path: string }
  | { kind: 'unreadable'; path: string; reason: string }
  | { kind: 'other-site'; path: string; snapshotUrl: string; configUrl: string }
  | { kind: 'no-project'; path: string; project: string }
  | { kind: 'stale'; path: string; fetchedAt: Date; ageDays: number };

export interface MetadataContext {
  doc: ConfigDocument;
  config: Dict;
  syncName: string;
  stateDir: string;
  now: Date;
  source?: SideMetadata;
  target?: SideMetadata;
  /** Each side's site metadata, also when the snapshot lacks the project (field types are site-wide). */
  sourceSite?: SiteMetadata;
  targetSite?: SiteMetadata;
  /** Problems per site name (a site used by both sides appears once). */
  siteProblems: Map<string, SiteProblem[]>;
}

/** Snapshots older than this are reported (as information) with their age. */
export const STALE_AFTER_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

const normalized = new Map<string, string>();

/** `https://Partner.atlassian.net/` → `https://partner.atlassian.net`, for comparing a config URL with a snapshot's. */
function normalizeUrl(url: string): string {
  let result = normalized.get(url);
  if (result === undefined) {
    if (normalized.size > 100) normalized.clear(); // URLs change only while they are typed
    result = normalizeNow(url);
    normalized.set(url, result);
  }
  return result;
}

function normalizeNow(url: string): string {
  try {
    const parsed = new URL(url.trim());
    return `${parsed.protocol}//${parsed.host.toLowerCase()}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url.trim().replace(/\/+$/, '');
  }
}

function addProblem(problems: Map<string, SiteProblem[]>, site: string, problem: SiteProblem): void {
  const list = problems.get(site) ?? [];
  if (!list.some((p) => p.kind === problem.kind)) list.push(problem);
  problems.set(site, list);
}

/** Reads both sides' snapshots; undefined when the config names no sync (then there is nothing to look up). */
export function metadataContext(
  doc: ConfigDocument,
  context: ValidationContext,
): MetadataContext | undefined {
  const config = asDict(doc.value);
  const syncName = asString(config?.name);
  if (!config || !syncName) return undefined;
  const stateDir = stateDirectoryFor(context.stateDir);
  const now = context.now ?? new Date();
  const result: MetadataContext = { doc, config, syncName, stateDir, now, siteProblems: new Map() };
  const sites = asDict(config.sites) ?? {};
  const lookups = new Map<string, SnapshotLookup>();
  for (const side of ['source', 'target'] as const) {
    const ref = asDict(config[side]);
    const siteName = asString(ref?.site);
    const projectKey = asString(ref?.project);
    if (!siteName || !(siteName in sites)) continue; // unknown-site is the semantic validator's
    let lookup = lookups.get(siteName);
    if (!lookup) {
      lookup = loadSnapshot(stateDir, syncName, siteName);
      lookups.set(siteName, lookup);
    }
    if (lookup.state === 'missing') {
      addProblem(result.siteProblems, siteName, { kind: 'no-snapshot', path: lookup.path });
      continue;
    }
    if (lookup.state === 'unreadable') {
      addProblem(result.siteProblems, siteName, {
        kind: 'unreadable',
        path: lookup.path,
        reason: lookup.reason,
      });
      continue;
    }
    const site = siteMetadata(lookup.loaded);
    const configUrl = asString(asDict(sites[siteName])?.url);
    if (
      configUrl &&
      envReference(configUrl) === undefined &&
      site.url &&
      normalizeUrl(configUrl) !== normalizeUrl(site.url)
    ) {
      addProblem(result.siteProblems, siteName, {
        kind: 'other-site',
        path: site.path,
        snapshotUrl: site.url,
        configUrl,
      });
      continue;
    }
    result[side === 'source' ? 'sourceSite' : 'targetSite'] = site;
    if (site.fetchedAt) {
      const ageDays = Math.floor((now.getTime() - site.fetchedAt.getTime()) / DAY_MS);
      if (ageDays >= STALE_AFTER_DAYS) {
        addProblem(result.siteProblems, siteName, {
          kind: 'stale',
          path: site.path,
          fetchedAt: site.fetchedAt,
          ageDays,
        });
      }
    }
    if (!projectKey) continue;
    const project = site.projects.get(projectKey);
    if (!project) {
      addProblem(result.siteProblems, siteName, { kind: 'no-project', path: site.path, project: projectKey });
      continue;
    }
    result[side] = { side, siteName, projectKey, site, project };
  }
  return result;
}
