// The public data types of the state store (DESIGN.md §6). Every field is an id, a key, a count, a time or
// our own text: the store never holds a display name, email address, avatar, token or Jira's text (§9).

/** What kind of failure a troubleshooting entry records; each has a section in docs/troubleshooting.md. */
export type EntryCategory =
  | 'field-not-on-screen'
  | 'required-field-missing'
  | 'invalid-transition'
  | 'user-not-found'
  | 'permission-denied'
  | 'not-found'
  | 'rate-limited'
  | 'validation'
  | 'network';

export const ENTRY_CATEGORIES: readonly EntryCategory[] = [
  'field-not-on-screen',
  'required-field-missing',
  'invalid-transition',
  'user-not-found',
  'permission-denied',
  'not-found',
  'rate-limited',
  'validation',
  'network',
];

/** `open` until the change imports (`resolved`) or the user gives up on it (`ignored`). */
export type EntryState = 'open' | 'resolved' | 'ignored';

export const ENTRY_STATES: readonly EntryState[] = ['open', 'resolved', 'ignored'];

/** The write that failed. Open-ended for the planned kinds (attachments, worklogs, links). */
export type EntryOperation =
  | 'create'
  | 'edit'
  | 'transition'
  | 'comment'
  | 'watchers'
  | 'assign'
  | (string & { readonly __operation?: never });

/**
 * The change that could not be imported, as a reference only: which issue, which write, which fields, and
 * the account IDs of the users involved. Never a value, a name, an email or any text: retry exports and maps
 * the issue again.
 */
export interface PendingChangeRef {
  sourceIssueId: string;
  operation: EntryOperation;
  fieldIds: string[];
  /** Atlassian account IDs of the users this change involves (assignee, watcher…); empty when none. */
  accountIds: string[];
}

/** What the engine knows about a failed change when it records it. */
export interface EntryInput {
  /** Triggered by: the source issue. */
  sourceIssueId: string;
  sourceKey: string;
  /** Occurred in: the target issue, when it exists. */
  targetIssueId?: string | null;
  targetKey?: string | null;
  operation: EntryOperation;
  /** The field the failure is about (e.g. `customfield_10010`), or null for a whole-issue failure. */
  fieldId?: string | null;
  category: EntryCategory;
  /** Our own sentence: what failed, where, what to do. Never Jira's text, never a name or email. */
  message: string;
  /** Jira's HTTP status, when there was a response. */
  jiraStatus?: number | null;
  /** The keys of Jira's `errors` object (field ids), never its values. */
  jiraErrorKeys?: string[];
  /** The 1-based line in the config of the mapping to blame, when one is. */
  configLine?: number | null;
  /** The change to retry, as a reference. Omit to keep the existing one on an upsert. */
  pendingChange?: PendingChangeRef | null;
}

/** A troubleshooting entry as stored. */
export interface TroubleshootingEntry {
  /** `<sync name>:<number>`, unique across the state directory. */
  id: string;
  syncName: string;
  number: number;
  sourceIssueId: string;
  sourceKey: string;
  targetIssueId: string | null;
  targetKey: string | null;
  operation: EntryOperation;
  fieldId: string | null;
  category: EntryCategory;
  message: string;
  jiraStatus: number | null;
  jiraErrorKeys: string[];
  /** ISO 8601 times. */
  firstSeen: string;
  lastSeen: string;
  attempts: number;
  state: EntryState;
  /** When the entry was resolved or ignored (the retention clock starts here); null while open. */
  resolvedAt: string | null;
  configLine: number | null;
  /** `docs/troubleshooting.md#<category>`. */
  helpUrl: string;
  /** Present while the entry is open; deleted when it is resolved or ignored. */
  pendingChange: PendingChangeRef | null;
  /**
   * When ignoring this entry also stopped syncing its source issue ("ignore future changes" of a deleted
   * target issue): since when. Null when it did not, or once the issue was resumed.
   */
  syncStoppedSince: string | null;
}

/**
 * A source issue whose sync was stopped: its target issue was deleted (or hidden from the sync user) and the
 * user chose to ignore its future changes. The engine exports it no more until it is resumed. Ids only.
 */
export interface StoppedIssue {
  sourceIssueId: string;
  sourceKey: string;
  /** The ignored entry that stopped it (`<sync name>:<number>`); null if that entry is gone. */
  entryId: string | null;
  /** ISO 8601. */
  since: string;
}

/** The link between a source issue and the target issue created for it (cached from `backbone.link`). */
export interface IssueLink {
  sourceIssueId: string;
  sourceKey: string;
  targetIssueId: string;
  targetKey: string;
  /** Hash of the last mapped payload that was imported; null when never imported through this store. */
  payloadHash: string | null;
  /** ISO 8601: when the link or its hash last changed. */
  updatedAt: string;
}

/** A synced comment: the source comment and the target comment made from it. */
export interface CommentLink {
  sourceIssueId: string;
  sourceCommentId: string;
  targetCommentId: string;
}

/** Recorded (and fsynced) before each create; unfinished ones are replayed against the target on start. */
export interface CreateIntent {
  sourceIssueId: string;
  sourceKey: string;
  recordedAt: string;
}

/** What the store knows about its sync: `retry` re-reads the config from `configPath`. */
export interface SyncInfo {
  name: string;
  /** Absolute path of the config file that last ran this sync. */
  configPath: string | null;
  sourceSiteUrl: string | null;
  targetSiteUrl: string | null;
}

export interface RunCounts {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /**
   * Skipped: the issue's sync is stopped (Ignore future changes). Optional when a run is finished (0 if left out);
   * always set when read back (runs recorded before schema 3 read as 0).
   */
  stopped?: number;
  entriesOpened: number;
  entriesResolved: number;
}

/**
 * How a run ended: `synced` (exit 0), `open-entries` (exit 1), `could-not-run` (exit 3), `cancelled` (130);
 * `running` while it runs, `interrupted` when its process died before finishing.
 */
export type RunOutcome =
  'running' | 'synced' | 'open-entries' | 'could-not-run' | 'cancelled' | 'interrupted';

export interface RunRecord {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  outcome: RunOutcome;
  dryRun: boolean;
  counts: RunCounts;
}

/** Which entries to list. */
export interface EntryFilter {
  state?: EntryState | 'all';
  sourceIssueId?: string;
}

/** What `eraseAccount` removed from one sync's store. */
export interface EraseCounts {
  /** Pending changes that referenced the account (the reference is removed; the entry stays). */
  pendingChangeReferences: number;
  /** Entry messages that mentioned the account ID (the ID is replaced by a neutral placeholder). */
  entryMessages: number;
}

/**
 * The state of one sync, opened with `openSyncStore` (writable, holds the sync's lock) or `readSyncStore`
 * (a read-only snapshot, no lock). Writes go to the journal: written when the issue is done
 * (`markIssueProcessed`), written and fsynced before a create (`recordCreateIntent`), at once for runs and
 * sync info; so a killed
 * process loses at most the writes of issues it had not finished. They reach the SQLite file at the next
 * checkpoint: every `checkpointEvery` issues or more (spaced so checkpoints take ≤ 5% of the time), on
 * `checkpoint()` and on `close()`. Reads always see every write made so far.
 * Methods throw `StoreError` with code `read-only` when the store is read-only, and `invalid-input` when
 * an argument is not an id (the store refuses anything that could be a name, an email or free text).
 */
export interface SyncStore {
  readonly syncName: string;
  readonly stateDir: string;
  /** `<state dir>/syncs/<sync name>.sqlite`. */
  readonly databasePath: string;
  /** True for a read-only snapshot (writes throw); false for a writable store or a scratch copy. */
  readonly readOnly: boolean;

  /** The sync's name, config path and site URLs (null until `setSyncInfo`). */
  getSyncInfo(): SyncInfo;
  /** Records the config that runs this sync (`retry` re-reads it) and the site base URLs. */
  setSyncInfo(info: { configPath: string; sourceSiteUrl: string; targetSiteUrl: string }): void;

  /** The cached link of a source issue, if any. */
  getLink(sourceIssueId: string): IssueLink | undefined;
  /** Every cached link, in source issue id order. */
  listLinks(): IssueLink[];
  linkCount(): number;
  /**
   * Records (or updates) the link source issue → target issue, e.g. after a create or when rebuilding links
   * from the target. Finishes the create intent of that source issue, if any.
   */
  recordLink(link: {
    sourceIssueId: string;
    sourceKey: string;
    targetIssueId: string;
    targetKey: string;
    payloadHash?: string | null;
  }): void;
  /** Records the hash of the mapped payload just imported for a linked source issue. */
  setPayloadHash(sourceIssueId: string, payloadHash: string): void;

  getCommentLink(sourceCommentId: string): CommentLink | undefined;
  /** The synced comments of one source issue. */
  listCommentLinks(sourceIssueId: string): CommentLink[];
  recordCommentLink(link: CommentLink): void;

  /**
   * Records the intent to create a target issue for this source issue; resolves once it is fsynced, so
   * call (and await) it before the create request. `recordLink` or `abandonCreateIntent` finishes it.
   */
  recordCreateIntent(intent: { sourceIssueId: string; sourceKey: string }): Promise<void>;
  /** The create did not happen (it failed with a definite error): forget the intent. */
  abandonCreateIntent(sourceIssueId: string): void;
  /** Intents with neither a link nor an abandon: a previous run may or may not have created the issue. */
  unfinishedCreateIntents(): CreateIntent[];

  /** Starts a run and returns its id. Marks runs that never finished (their process died) `interrupted`. */
  startRun(options: { dryRun: boolean }): number;
  finishRun(runId: number, outcome: Exclude<RunOutcome, 'running' | 'interrupted'>, counts: RunCounts): void;
  /** The most recent run, if any. */
  lastRun(): RunRecord | undefined;
  /** The most recent runs, newest first. */
  listRuns(limit?: number): RunRecord[];
  /** The most recent run that was not a dry run. */
  lastRealRun(): RunRecord | undefined;

  /**
   * Opens a troubleshooting entry for a failed change, or, when an open entry for the same source issue,
   * operation, field and category exists, bumps its attempts and last seen and refreshes its details.
   */
  recordFailure(input: EntryInput): { entry: TroubleshootingEntry; isNew: boolean };
  /** An entry of this sync by id (`<sync name>:<number>`). */
  getEntry(entryId: string): TroubleshootingEntry | undefined;
  /** Entries, newest last seen first; default state `open`. */
  listEntries(filter?: EntryFilter): TroubleshootingEntry[];
  /** The open entries of one source issue (the engine queues later changes of that issue behind them). */
  openEntriesFor(sourceIssueId: string): TroubleshootingEntry[];
  hasOpenEntry(sourceIssueId: string): boolean;
  /** How many entries are open. */
  openEntryCount(): number;
  /** Marks an entry resolved and deletes its pending change. Throws `unknown-entry` for an unknown id. */
  resolveEntry(entryId: string): TroubleshootingEntry;
  /** Resolves every open entry of a source issue (optionally one operation) after it imported; returns them. */
  resolveOpenEntriesFor(sourceIssueId: string, operation?: EntryOperation): TroubleshootingEntry[];
  /** Marks an entry ignored and deletes its pending change. Throws `unknown-entry` for an unknown id. */
  ignoreEntry(entryId: string): TroubleshootingEntry;
  /** Puts a resolved or ignored entry back to open (e.g. an explicit retry), with a new pending change. */
  reopenEntry(entryId: string, pendingChange?: PendingChangeRef | null): TroubleshootingEntry;
  /** Counts one more attempt (retry) of an entry: attempts + 1, last seen = now. */
  markAttempt(entryId: string): TroubleshootingEntry;
  /**
   * Deletes resolved and ignored entries whose `resolvedAt` is more than `retentionDays` before `now`, then
   * VACUUMs and checkpoints when any went. Call at run start. Returns how many were deleted.
   */
  purgeExpired(retentionDays: number, now?: Date): number;
  /** Removes every reference to one account from this store, then VACUUMs and checkpoints. */
  eraseAccount(accountId: string): EraseCounts;

  /**
   * Stops syncing a source issue (its target issue was deleted and the user ignores its future changes): the
   * engine skips it from now on, writing nothing and opening no entry. `entryId` is the entry that stopped it;
   * that entry is kept (not purged) while the stop holds, so `retry ENTRY_ID` can resume it. Idempotent.
   */
  stopSyncing(stop: { sourceIssueId: string; sourceKey: string; entryId: string }): StoppedIssue;
  /** Resumes a stopped source issue; returns the stop that was lifted, if there was one. */
  resumeSyncing(sourceIssueId: string): StoppedIssue | undefined;
  /** The stop of a source issue, if its sync is stopped. */
  getStop(sourceIssueId: string): StoppedIssue | undefined;
  /** True when the sync of this source issue is stopped (cheap: called for every exported issue). */
  isSyncStopped(sourceIssueId: string): boolean;
  /** Every stopped source issue, in source issue id order. */
  listStops(): StoppedIssue[];

  /**
   * Call (and await) after each issue: writes the issue's records to the journal (fsynced in the background,
   * one fsync shared by the issues finishing together) and checkpoints into SQLite when one is due.
   */
  markIssueProcessed(): Promise<void>;
  /** Writes every journaled change into the SQLite file (temp + fsync + rename) and empties the journal. */
  checkpoint(): Promise<void>;
  /** Checkpoints, releases the lock and frees memory. Safe to call twice. */
  close(): Promise<void>;
}
