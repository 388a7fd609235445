// The context of importing one issue: what the importer reads and calls, and what it hands back.
import type { SyncConfig } from '../config/model';
import type { JiraSite } from '../jira/client';
import type { EntryCategory, EntryOperation, PlanItem } from '../protocol/events';
import type { SyncStore } from '../store';
import type { FieldCatalog } from './field-catalog';
import type { MappedIssue } from './map';
import type { ScreenMetadata } from './screens';
import type { WorkflowPaths } from './transitions';
import type { UserResolver } from './users';

export type IssueOutcome =
  | {
      action: 'created' | 'updated' | 'unchanged' | 'queued' | 'stopped' | 'failed';
      targetKey: string | null;
    }
  | { action: 'deferred'; targetKey: string | null };

export interface EntryReport {
  category: EntryCategory;
  operation: EntryOperation;
  field: string | null;
  message: string;
  status: number | null;
  errorKeys: string[];
  configLine: number | null;
  accountIds: string[];
  fieldIds: string[];
  targetIssueId: string | null;
  targetKey: string | null;
}

export interface ImportContext {
  config: SyncConfig;
  syncName: string;
  sourceSiteUrl: string;
  sourceStatusOf: (mapped: MappedIssue) => string | null;
  sourceTypeOf: (mapped: MappedIssue) => string;
  store: SyncStore;
  target: JiraSite;
  targetCatalog: FieldCatalog;
  users: UserResolver;
  screens: ScreenMetadata;
  workflows: WorkflowPaths;
  dryRun: boolean;
  plan: (item: PlanItem) => void;
  lineOf: (path: (string | number)[]) => number | null;
  /** Records an entry (store + event). */
  recordEntry: (mapped: MappedIssue, report: EntryReport) => void;
  /** Resolves the open entries of an issue that imported (store + events). */
  resolveEntries: (mapped: MappedIssue) => void;
  counters: { transitions: number; commentsAdded: number; watchersChanged: number };
  /** On the last attempt of a run, transient failures become entries instead of being deferred. */
  lastAttempt: boolean;
  /** `retry`: import even though the issue has open entries. */
  ignoreQueue: boolean;
}

/** Thrown inside one issue's import to stop it; the outcome says what happened. */
export class Stop extends Error {
  constructor(readonly outcome: IssueOutcome) {
    super('stop');
  }
}
