// The typed NDJSON events of `backbone-sync run --events ndjson`, declared once: the engine emits them and the
// VS Code extension parses them. One JSON object per line; every event has `type` and `time` (ISO 8601).
// Events never carry a display name, email address, avatar URL, token or Jira's error text.

/** Bump when an event changes incompatibly; readers ignore events of a higher version they do not know. */
export const EVENTS_VERSION = 1;

/** The troubleshooting categories of DESIGN.md §6; each has a section (anchor = id) in docs/troubleshooting.md. */
export const ENTRY_CATEGORIES = [
  'field-not-on-screen',
  'required-field-missing',
  'invalid-transition',
  'user-not-found',
  'permission-denied',
  'not-found',
  'rate-limited',
  'validation',
  'network',
] as const;
export type EntryCategory = (typeof ENTRY_CATEGORIES)[number];

/** What the engine was doing when a change failed. */
export type EntryOperation = 'create' | 'edit' | 'transition' | 'comment' | 'watchers' | 'link';

export type RunPhase = 'preflight' | 'links' | 'replay' | 'export' | 'import' | 'finish';

/** How a run ended; `exitCode` follows DESIGN.md §7. */
export type RunOutcome = 'synced' | 'open-entries' | 'invalid-config' | 'could-not-run' | 'cancelled';

export interface RunCounts {
  /** Source issues read by the export. */
  exported: number;
  created: number;
  updated: number;
  /** Mapped payload unchanged since the last import: nothing written. */
  unchanged: number;
  /** Held back behind an open troubleshooting entry of the same issue. */
  queued: number;
  /**
   * Skipped because their sync is stopped ("Ignore future changes" of a deleted target issue): nothing read
   * from or written to the target, no entry opened.
   */
  stopped: number;
  /** Issues with at least one change that could not be imported. */
  failed: number;
  transitions: number;
  commentsAdded: number;
  watchersChanged: number;
  entriesOpened: number;
  entriesResolved: number;
  /** Open entries of this sync after the run. */
  openEntries: number;
}

/** A troubleshooting entry as the UI shows it (DESIGN.md §6). */
export interface EntrySummary {
  /** `<sync name>:<number>` */
  id: string;
  sync: string;
  category: EntryCategory;
  operation: EntryOperation;
  /** The target field to blame, when one is. */
  field: string | null;
  /** Triggered by: the source issue. */
  sourceIssueId: string;
  sourceKey: string;
  /** Occurred in: the target issue, null when the create failed. */
  targetKey: string | null;
  /** Our own message: what failed, Jira's status and error keys, what to do. Never Jira's text. */
  message: string;
  /** 1-based line in the config of the mapping to blame, when one is. */
  configLine: number | null;
  /** docs/troubleshooting.md#<category> */
  help: string;
}

/** One change of a dry run's plan. Values are what the engine would write (account IDs for users). */
export type PlanItem =
  | { kind: 'create'; sourceKey: string; issueType: string; fields: Record<string, unknown> }
  | {
      kind: 'edit';
      sourceKey: string;
      targetKey: string;
      changes: { field: string; before: unknown; after: unknown }[];
    }
  | {
      kind: 'transition';
      sourceKey: string;
      targetKey: string | null;
      from: string | null;
      to: string;
      path: string[];
    }
  | { kind: 'comment'; sourceKey: string; targetKey: string | null; sourceCommentId: string }
  | { kind: 'watchers'; sourceKey: string; targetKey: string | null; add: string[]; remove: string[] }
  /** Not synced: the issue's sync is stopped by an ignored entry (`stoppedBy`) since `since`. */
  | {
      kind: 'skip';
      sourceKey: string;
      targetKey: string | null;
      reason: 'sync-stopped';
      stoppedBy: string | null;
      since: string;
    };

interface EventBase {
  time: string;
}

export interface RunStartedEvent extends EventBase {
  type: 'run-started';
  v: number;
  sync: string;
  configPath: string;
  dryRun: boolean;
  /** Lower bound of the export (`updated >= -Nm`), or null for a first run over the whole project. */
  sinceMinutes: number | null;
}

export interface ProgressEvent extends EventBase {
  type: 'progress';
  phase: RunPhase;
  done: number;
  /** From approximate-count; null while unknown. */
  total: number | null;
  ratePerSecond: number;
  etaSeconds: number | null;
}

export interface IssueSyncedEvent extends EventBase {
  type: 'issue-synced';
  sourceIssueId: string;
  sourceKey: string;
  targetKey: string | null;
  /** `stopped`: skipped, its sync is stopped ("Ignore future changes"); nothing written, no entry. */
  action: 'created' | 'updated' | 'unchanged' | 'queued' | 'stopped' | 'failed';
}

export interface EntryOpenedEvent extends EventBase {
  type: 'entry-opened';
  entry: EntrySummary;
}

export interface EntryResolvedEvent extends EventBase {
  type: 'entry-resolved';
  id: string;
  sourceKey: string;
}

export interface PlanEvent extends EventBase {
  type: 'plan';
  item: PlanItem;
}

export interface RunFinishedEvent extends EventBase {
  type: 'run-finished';
  outcome: RunOutcome;
  exitCode: 0 | 1 | 2 | 3 | 130;
  counts: RunCounts;
  durationMs: number;
  /** HTTP requests made per site name (retries included). */
  requests: Record<string, number>;
  /** For invalid-config / could-not-run: what happened and what to do. */
  message?: string;
  /** For invalid-config: diagnostic codes (e.g. `direction-unsupported`); for permissions: the missing one. */
  codes?: string[];
}

export type SyncEvent =
  | RunStartedEvent
  | ProgressEvent
  | IssueSyncedEvent
  | EntryOpenedEvent
  | EntryResolvedEvent
  | PlanEvent
  | RunFinishedEvent;

export type SyncEventType = SyncEvent['type'];

const EVENT_TYPES: ReadonlySet<string> = new Set<SyncEventType>([
  'run-started',
  'progress',
  'issue-synced',
  'entry-opened',
  'entry-resolved',
  'plan',
  'run-finished',
]);

/** Serialises one event as one NDJSON line (with the trailing newline). */
export function formatEvent(event: SyncEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/** Parses one NDJSON line into an event; undefined for blank lines, junk or event types this version does not know. */
export function parseEvent(line: string): SyncEvent | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(trimmed) as { type?: unknown };
    return typeof value.type === 'string' && EVENT_TYPES.has(value.type) ? (value as SyncEvent) : undefined;
  } catch {
    return undefined;
  }
}

/** A zeroed set of counts. */
export function emptyCounts(): RunCounts {
  return {
    exported: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    queued: 0,
    stopped: 0,
    failed: 0,
    transitions: 0,
    commentsAdded: 0,
    watchersChanged: 0,
    entriesOpened: 0,
    entriesResolved: 0,
    openEntries: 0,
  };
}

/**
 * A not-found entry of an edit, transition, comment or watchers change: the linked target issue was deleted or
 * is hidden from the sync user. Its two actions: sync into a new issue (`retry`), or ignore its future changes
 * (`ignore --stop-syncing`). A failed create is not one: there is no target issue yet.
 */
export function isDeletedTargetEntry(entry: { category: string; operation: string }): boolean {
  return entry.category === 'not-found' && entry.operation !== 'create';
}

/** The help link of a category, relative to the installed docs folder. */
export function helpAnchor(category: EntryCategory): string {
  return `docs/troubleshooting.md#${category}`;
}
