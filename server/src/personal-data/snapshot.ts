// Reading metadata snapshots (`<state dir>/metadata/<sync name>/<site name>.json`, DESIGN.md §6) for the
// personal-data rules. The language server calls this on every keystroke, so a parsed snapshot is cached
// and re-read only when the file's modification time or size changes.
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { resolveStateDir } from '../store/state-dir';

/** Jira's `schema` of a field (only what we read). */
export interface SnapshotFieldSchema {
  type: string;
  items?: string;
  system?: string;
  custom?: string;
  customId?: number;
}

export interface SnapshotField {
  id: string;
  name: string;
  custom: boolean;
  schema?: SnapshotFieldSchema;
}

/** The parts of schemas/metadata-snapshot.schema.json the personal-data rules read. */
export interface MetadataSnapshot {
  version: 1;
  sync?: string;
  site: { name?: string; url: string };
  fetchedAt: string;
  fields: SnapshotField[];
  projects: unknown[];
  statuses?: unknown[];
}

/** A loaded snapshot with a field index. */
export interface LoadedSnapshot {
  path: string;
  snapshot: MetadataSnapshot;
  fieldsById: ReadonlyMap<string, SnapshotField>;
}

export type SnapshotLookup =
  | { state: 'loaded'; loaded: LoadedSnapshot }
  | { state: 'missing'; path: string }
  | { state: 'unreadable'; path: string; reason: string };

const cache = new Map<string, { mtimeMs: number; size: number; result: SnapshotLookup }>();

/** The state directory the validators use: the context's, else the per-OS default (as the CLI resolves it). */
export function stateDirectoryFor(stateDir: string | undefined): string {
  return resolveStateDir({ stateDir, env: process.env, platform: process.platform, home: homedir() });
}

/** Where the snapshot of one site of one sync lives. */
export function snapshotPath(stateDir: string, syncName: string, siteName: string): string {
  return join(stateDir, 'metadata', syncName, `${siteName}.json`);
}

/** A file or folder name that cannot escape its directory (config names are checked by the schema too). */
function isSafeName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name);
}

function parseSnapshot(path: string, text: string): SnapshotLookup {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { state: 'unreadable', path, reason: 'it is not valid JSON' };
  }
  const value = data as Partial<MetadataSnapshot> | null;
  if (!value || typeof value !== 'object' || !Array.isArray(value.fields)) {
    return { state: 'unreadable', path, reason: 'it has no `fields` list' };
  }
  const fieldsById = new Map<string, SnapshotField>();
  for (const field of value.fields) {
    if (field && typeof field === 'object' && typeof field.id === 'string') fieldsById.set(field.id, field);
  }
  return { state: 'loaded', loaded: { path, snapshot: value as MetadataSnapshot, fieldsById } };
}

/** The snapshot of one site, from the cache while the file is unchanged. Never throws. */
export function loadSnapshot(stateDir: string, syncName: string, siteName: string): SnapshotLookup {
  if (!isSafeName(syncName) || !isSafeName(siteName)) {
    return { state: 'missing', path: join(stateDir, 'metadata') };
  }
  const path = snapshotPath(stateDir, syncName, siteName);
  let stat: { mtimeMs: number; size: number } | undefined;
  try {
    stat = statSync(path, { throwIfNoEntry: false }); // no exception (and stack trace) per keystroke
  } catch {
    stat = undefined;
  }
  if (!stat) {
    cache.delete(path);
    return { state: 'missing', path };
  }
  const cached = cache.get(path);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.result;
  let result: SnapshotLookup;
  try {
    result = parseSnapshot(path, readFileSync(path, 'utf8'));
  } catch (error) {
    result = { state: 'unreadable', path, reason: (error as NodeJS.ErrnoException).code ?? 'unreadable' };
  }
  cache.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, result });
  return result;
}
