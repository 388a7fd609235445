// The schema of a sync's database, versioned with `PRAGMA user_version`. Each migration moves the schema one
// version up; never edit a released migration, add the next one.
import type { Database } from 'sql.js';
import { StoreTooNewError } from './errors';

export const MIGRATIONS: readonly string[] = [
  // 1: the first schema.
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE sync_info (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    config_path TEXT,
    source_site_url TEXT,
    target_site_url TEXT,
    updated_at TEXT
  );
  CREATE TABLE links (
    source_issue_id TEXT PRIMARY KEY,
    source_key TEXT NOT NULL,
    target_issue_id TEXT NOT NULL,
    target_key TEXT NOT NULL,
    payload_hash TEXT,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE comment_links (
    source_comment_id TEXT PRIMARY KEY,
    source_issue_id TEXT NOT NULL,
    target_comment_id TEXT NOT NULL
  );
  CREATE INDEX comment_links_by_issue ON comment_links (source_issue_id);
  CREATE TABLE create_intents (
    source_issue_id TEXT PRIMARY KEY,
    source_key TEXT NOT NULL,
    recorded_at TEXT NOT NULL
  );
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    outcome TEXT NOT NULL,
    dry_run INTEGER NOT NULL,
    created INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    entries_opened INTEGER NOT NULL DEFAULT 0,
    entries_resolved INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE entries (
    number INTEGER PRIMARY KEY,
    source_issue_id TEXT NOT NULL,
    source_key TEXT NOT NULL,
    target_issue_id TEXT,
    target_key TEXT,
    operation TEXT NOT NULL,
    field_id TEXT,
    category TEXT NOT NULL,
    message TEXT NOT NULL,
    jira_status INTEGER,
    jira_error_keys TEXT NOT NULL DEFAULT '[]',
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    state TEXT NOT NULL,
    resolved_at TEXT,
    config_line INTEGER
  );
  CREATE INDEX entries_by_issue ON entries (source_issue_id, state);
  CREATE INDEX entries_by_state ON entries (state, resolved_at);
  CREATE TABLE pending_changes (
    entry_number INTEGER PRIMARY KEY REFERENCES entries (number) ON DELETE CASCADE,
    source_issue_id TEXT NOT NULL,
    operation TEXT NOT NULL,
    field_ids TEXT NOT NULL
  );
  CREATE TABLE pending_accounts (
    entry_number INTEGER NOT NULL REFERENCES pending_changes (entry_number) ON DELETE CASCADE,
    account_id TEXT NOT NULL,
    PRIMARY KEY (entry_number, account_id)
  );
  CREATE INDEX pending_accounts_by_account ON pending_accounts (account_id);
  `,
  // 2: source issues whose sync was stopped ("ignore future changes" of a deleted target issue). Ids, an
  // issue key and a time only; entry_number is the ignored entry that stopped it (kept while the stop holds).
  `
  CREATE TABLE stopped_issues (
    source_issue_id TEXT PRIMARY KEY,
    source_key TEXT NOT NULL,
    entry_number INTEGER,
    since TEXT NOT NULL
  );
  `,
  // 3: a run's count of issues it skipped because their sync is stopped, so `status` and the Syncs view can say so.
  `
  ALTER TABLE runs ADD COLUMN stopped INTEGER NOT NULL DEFAULT 0;
  `,
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Sets the pragmas every connection needs (sql.js resets them when it exports the database). */
export function applyPragmas(db: Database): void {
  db.run('PRAGMA secure_delete = ON');
  db.run('PRAGMA foreign_keys = ON');
}

/** Brings the database up to `SCHEMA_VERSION`, one migration per transaction; returns the version found. */
export function migrate(db: Database, path: string, migrations: readonly string[] = MIGRATIONS): number {
  const found = schemaVersion(db);
  if (found > migrations.length) throw new StoreTooNewError(path, found, migrations.length);
  for (let version = found + 1; version <= migrations.length; version++) {
    db.run('BEGIN');
    try {
      db.run(migrations[version - 1] ?? '');
      db.run(`PRAGMA user_version = ${version}`);
      db.run('COMMIT');
    } catch (error) {
      db.run('ROLLBACK');
      throw error;
    }
  }
  return found;
}

export function schemaVersion(db: Database): number {
  const value = db.exec('PRAGMA user_version')[0]?.values[0]?.[0];
  return typeof value === 'number' ? value : 0;
}
