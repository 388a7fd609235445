// The JSON that `backbone-sync entries --format json` and `backbone-sync status --format json` print.
// The VS Code extension imports these types and reads that JSON: change them only compatibly (add fields),
// and bump `version` when a field changes meaning.
import type { EntryCategory, EntryOperation, EntryState, RunCounts, RunOutcome } from '../store/types';

export type { EntryCategory, EntryOperation, EntryState, RunCounts, RunOutcome };

/** An issue an entry points at; `url` is the issue's browse URL when the site URL is known. */
export interface IssueRefJson {
  issueId: string;
  key: string;
  url: string | null;
}

/** One troubleshooting entry, as the tree shows it (Error, Occurred in, Triggered by, Time, help, actions). */
export interface EntryJson {
  /** `<sync name>:<number>`: what `retry` and `ignore` take. */
  id: string;
  sync: string;
  state: EntryState;
  category: EntryCategory;
  operation: EntryOperation;
  /** The target field the failure is about, or null for a whole-issue failure. */
  fieldId: string | null;
  /** Our own sentence (never Jira's text). */
  message: string;
  jiraStatus: number | null;
  jiraErrorKeys: string[];
  /** Triggered by: the source issue. */
  triggeredBy: IssueRefJson;
  /** Occurred in: the target issue, null when it was never created. */
  occurredIn: IssueRefJson | null;
  /** ISO 8601 times. */
  firstSeen: string;
  lastSeen: string;
  attempts: number;
  resolvedAt: string | null;
  /** The config of the sync and the 1-based line of the mapping to blame ("Go to mapping"). */
  configPath: string | null;
  configLine: number | null;
  /** `docs/troubleshooting.md#<category>`. */
  helpUrl: string;
  /** "Show more": the change waiting to be retried, as references only; null once resolved or ignored. */
  pendingChange: {
    sourceIssueId: string;
    operation: EntryOperation;
    fieldIds: string[];
    accountIds: string[];
  } | null;
  /**
   * Set when ignoring this entry also stopped syncing its source issue ("Ignore future changes" of a deleted
   * target issue), and the stop still holds: since when (ISO 8601). `retry` of this entry resumes the issue.
   */
  syncStoppedSince: string | null;
}

/** A sync whose state could not be read (damaged or too new database); listed so the user can act. */
export interface SyncProblemJson {
  code: string;
  message: string;
}

/** `entries --format json`. */
export interface EntriesJson {
  version: 1;
  stateDir: string;
  entries: EntryJson[];
  /** Syncs that could not be read, by name. */
  problems: Array<{ sync: string } & SyncProblemJson>;
}

export interface RunJson {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  outcome: RunOutcome;
  dryRun: boolean;
  counts: RunCounts;
}

/** One sync of the state directory, for the Syncs view. */
export interface SyncStatusJson {
  name: string;
  configPath: string | null;
  sourceSiteUrl: string | null;
  targetSiteUrl: string | null;
  /** The last run (dry runs included), null when it never ran. */
  lastRun: RunJson | null;
  /** The last run that was not a dry run, null when none. */
  lastRealRun: RunJson | null;
  openEntries: number;
  /** Source issues whose sync is stopped ("Ignore future changes" of a deleted target issue). */
  stoppedIssues: number;
  /** True while a live process holds the sync's lock (a run in progress). */
  running: boolean;
  /** Set when the sync's state could not be read; the other fields are then null/0. */
  problem: SyncProblemJson | null;
}

/** `status --format json`. */
export interface StatusJson {
  version: 1;
  stateDir: string;
  syncs: SyncStatusJson[];
}

/** `erase-account ACCOUNT_ID --format json`. */
export interface EraseAccountJson {
  version: 1;
  stateDir: string;
  accountId: string;
  /** Whether the target issues were searched (needs the sites' tokens in the environment). */
  targetSearch: 'done' | 'not-available';
  syncs: Array<{
    name: string;
    /** What was removed from the sync's state; null when it could not be opened (see `error`). */
    removed: { pendingChangeReferences: number; entryMessages: number } | null;
    /** The manual-deletion checklist: target issues where the user appears in a mapped user field. */
    targetIssues: Array<{ issueId: string; key: string; fieldIds: string[] }> | null;
    error: SyncProblemJson | null;
  }>;
}
