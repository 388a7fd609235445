// Reads of a sync's database, turned into the public types.
import type { Database, SqlValue } from 'sql.js';
import { entryHelpUrl, formatEntryId } from './entry-id';
import type {
  CommentLink,
  CreateIntent,
  EntryCategory,
  EntryFilter,
  EntryState,
  IssueLink,
  PendingChangeRef,
  RunOutcome,
  RunRecord,
  StoppedIssue,
  SyncInfo,
  TroubleshootingEntry,
} from './types';

type Row = Record<string, SqlValue>;

/** All rows of a query as objects. */
export function rows(db: Database, sql: string, params: SqlValue[] = []): Row[] {
  const statement = db.prepare(sql);
  try {
    statement.bind(params);
    const out: Row[] = [];
    while (statement.step()) out.push(statement.getAsObject());
    return out;
  } finally {
    statement.free();
  }
}

export function scalar(db: Database, sql: string, params: SqlValue[] = []): SqlValue | undefined {
  return db.exec(sql, params)[0]?.values[0]?.[0];
}

const str = (value: SqlValue | undefined): string =>
  value === null || value === undefined ? '' : String(value);
const strOrNull = (value: SqlValue | undefined): string | null =>
  value === null || value === undefined ? null : String(value);
const num = (value: SqlValue | undefined): number => (typeof value === 'number' ? value : Number(value ?? 0));
const numOrNull = (value: SqlValue | undefined): number | null => (typeof value === 'number' ? value : null);
const jsonArray = (value: SqlValue | undefined): string[] => {
  const parsed: unknown = JSON.parse(str(value) || '[]');
  return Array.isArray(parsed) ? parsed.map(String) : [];
};

export function readSyncInfo(db: Database): SyncInfo {
  const row = rows(db, 'SELECT * FROM sync_info WHERE id = 1')[0];
  return {
    name: str(row?.name),
    configPath: strOrNull(row?.config_path),
    sourceSiteUrl: strOrNull(row?.source_site_url),
    targetSiteUrl: strOrNull(row?.target_site_url),
  };
}

function toLink(row: Row): IssueLink {
  return {
    sourceIssueId: str(row.source_issue_id),
    sourceKey: str(row.source_key),
    targetIssueId: str(row.target_issue_id),
    targetKey: str(row.target_key),
    payloadHash: strOrNull(row.payload_hash),
    updatedAt: str(row.updated_at),
  };
}

export function readLink(db: Database, sourceIssueId: string): IssueLink | undefined {
  const row = rows(db, 'SELECT * FROM links WHERE source_issue_id = ?', [sourceIssueId])[0];
  return row ? toLink(row) : undefined;
}

export function readLinks(db: Database): IssueLink[] {
  return rows(db, 'SELECT * FROM links ORDER BY source_issue_id').map(toLink);
}

function toCommentLink(row: Row): CommentLink {
  return {
    sourceIssueId: str(row.source_issue_id),
    sourceCommentId: str(row.source_comment_id),
    targetCommentId: str(row.target_comment_id),
  };
}

export function readCommentLink(db: Database, sourceCommentId: string): CommentLink | undefined {
  const row = rows(db, 'SELECT * FROM comment_links WHERE source_comment_id = ?', [sourceCommentId])[0];
  return row ? toCommentLink(row) : undefined;
}

export function readCommentLinks(db: Database, sourceIssueId: string): CommentLink[] {
  return rows(db, 'SELECT * FROM comment_links WHERE source_issue_id = ? ORDER BY source_comment_id', [
    sourceIssueId,
  ]).map(toCommentLink);
}

export function readCreateIntents(db: Database): CreateIntent[] {
  return rows(db, 'SELECT * FROM create_intents ORDER BY recorded_at, source_issue_id').map((row) => ({
    sourceIssueId: str(row.source_issue_id),
    sourceKey: str(row.source_key),
    recordedAt: str(row.recorded_at),
  }));
}

function toRun(row: Row): RunRecord {
  return {
    id: num(row.id),
    startedAt: str(row.started_at),
    finishedAt: strOrNull(row.finished_at),
    outcome: str(row.outcome) as RunOutcome,
    dryRun: num(row.dry_run) === 1,
    counts: {
      created: num(row.created),
      updated: num(row.updated),
      unchanged: num(row.unchanged),
      failed: num(row.failed),
      stopped: num(row.stopped),
      entriesOpened: num(row.entries_opened),
      entriesResolved: num(row.entries_resolved),
    },
  };
}

export function readRuns(db: Database, limit: number, realOnly = false): RunRecord[] {
  const where = realOnly ? 'WHERE dry_run = 0' : '';
  return rows(db, `SELECT * FROM runs ${where} ORDER BY id DESC LIMIT ?`, [limit]).map(toRun);
}

function pendingChanges(db: Database, numbers: number[]): Map<number, PendingChangeRef> {
  const out = new Map<number, PendingChangeRef>();
  if (numbers.length === 0) return out;
  const marks = numbers.map(() => '?').join(',');
  for (const row of rows(db, `SELECT * FROM pending_changes WHERE entry_number IN (${marks})`, numbers)) {
    out.set(num(row.entry_number), {
      sourceIssueId: str(row.source_issue_id),
      operation: str(row.operation),
      fieldIds: jsonArray(row.field_ids),
      accountIds: [],
    });
  }
  const accounts = rows(
    db,
    `SELECT entry_number, account_id FROM pending_accounts WHERE entry_number IN (${marks}) ORDER BY rowid`,
    numbers,
  );
  for (const row of accounts) out.get(num(row.entry_number))?.accountIds.push(str(row.account_id));
  return out;
}

/** When the given entries stopped their source issue's sync (only stops that still hold). */
function stopsByEntry(db: Database, numbers: number[]): Map<number, string> {
  const out = new Map<number, string>();
  if (numbers.length === 0) return out;
  const marks = numbers.map(() => '?').join(',');
  for (const row of rows(
    db,
    `SELECT entry_number, since FROM stopped_issues WHERE entry_number IN (${marks})`,
    numbers,
  )) {
    out.set(num(row.entry_number), str(row.since));
  }
  return out;
}

function toEntries(db: Database, syncName: string, found: Row[]): TroubleshootingEntry[] {
  const numbers = found.map((row) => num(row.number));
  const pending = pendingChanges(db, numbers);
  const stops = stopsByEntry(db, numbers);
  return found.map((row) => {
    const number = num(row.number);
    const category = str(row.category) as EntryCategory;
    return {
      id: formatEntryId(syncName, number),
      syncName,
      number,
      sourceIssueId: str(row.source_issue_id),
      sourceKey: str(row.source_key),
      targetIssueId: strOrNull(row.target_issue_id),
      targetKey: strOrNull(row.target_key),
      operation: str(row.operation),
      fieldId: strOrNull(row.field_id),
      category,
      message: str(row.message),
      jiraStatus: numOrNull(row.jira_status),
      jiraErrorKeys: jsonArray(row.jira_error_keys),
      firstSeen: str(row.first_seen),
      lastSeen: str(row.last_seen),
      attempts: num(row.attempts),
      state: str(row.state) as EntryState,
      resolvedAt: strOrNull(row.resolved_at),
      configLine: numOrNull(row.config_line),
      helpUrl: entryHelpUrl(category),
      pendingChange: pending.get(number) ?? null,
      syncStoppedSince: stops.get(number) ?? null,
    };
  });
}

export function readEntry(db: Database, syncName: string, number: number): TroubleshootingEntry | undefined {
  return toEntries(db, syncName, rows(db, 'SELECT * FROM entries WHERE number = ?', [number]))[0];
}

export function readEntries(
  db: Database,
  syncName: string,
  filter: EntryFilter = {},
): TroubleshootingEntry[] {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const state = filter.state ?? 'open';
  if (state !== 'all') {
    where.push('state = ?');
    params.push(state);
  }
  if (filter.sourceIssueId !== undefined) {
    where.push('source_issue_id = ?');
    params.push(filter.sourceIssueId);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return toEntries(
    db,
    syncName,
    rows(db, `SELECT * FROM entries ${clause} ORDER BY last_seen DESC, number DESC`, params),
  );
}

/** The open entry a failure would update instead of opening a new one. */
export function findOpenDuplicate(
  db: Database,
  key: { sourceIssueId: string; operation: string; fieldId: string | null; category: string },
): number | undefined {
  const value = scalar(
    db,
    `SELECT number FROM entries WHERE state = 'open' AND source_issue_id = ? AND operation = ?
       AND field_id IS ? AND category = ? ORDER BY number LIMIT 1`,
    [key.sourceIssueId, key.operation, key.fieldId, key.category],
  );
  return typeof value === 'number' ? value : undefined;
}

export function countOpenEntries(db: Database): number {
  return num(scalar(db, `SELECT count(*) FROM entries WHERE state = 'open'`));
}

function toStop(syncName: string, row: Row): StoppedIssue {
  return {
    sourceIssueId: str(row.source_issue_id),
    sourceKey: str(row.source_key),
    entryId: typeof row.entry_number === 'number' ? formatEntryId(syncName, row.entry_number) : null,
    since: str(row.since),
  };
}

export function readStop(db: Database, syncName: string, sourceIssueId: string): StoppedIssue | undefined {
  const row = rows(db, 'SELECT * FROM stopped_issues WHERE source_issue_id = ?', [sourceIssueId])[0];
  return row ? toStop(syncName, row) : undefined;
}

export function readStops(db: Database, syncName: string): StoppedIssue[] {
  return rows(db, 'SELECT * FROM stopped_issues ORDER BY source_issue_id').map((row) =>
    toStop(syncName, row),
  );
}

/** The ids of the stopped source issues (a small set: the engine checks it for every exported issue). */
export function readStoppedIds(db: Database): Set<string> {
  return new Set(
    rows(db, 'SELECT source_issue_id FROM stopped_issues').map((row) => str(row.source_issue_id)),
  );
}
