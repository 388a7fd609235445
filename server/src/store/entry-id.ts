// Entry ids are `<sync name>:<number>` (DESIGN.md §7): unique across a state directory because each sync
// numbers its own entries and sync names are unique file names there.
import { StoreError } from './errors';
import { SYNC_NAME_PATTERN } from './state-dir';
import type { EntryCategory } from './types';

/** `support-to-eng:12` → { syncName: 'support-to-eng', number: 12 }; throws `invalid-entry-id` otherwise. */
export function parseEntryId(entryId: string): { syncName: string; number: number } {
  const match = /^(.+):([1-9][0-9]{0,14})$/.exec(entryId);
  if (!match?.[1] || !match[2] || !SYNC_NAME_PATTERN.test(match[1])) {
    throw new StoreError(
      'invalid-entry-id',
      `'${entryId}' is not a troubleshooting entry id; ids look like <sync name>:<number>, e.g. support-to-engineering:12. ` +
        'List them with: backbone-sync entries --state all',
    );
  }
  return { syncName: match[1], number: Number(match[2]) };
}

export function formatEntryId(syncName: string, number: number): string {
  return `${syncName}:${number}`;
}

/** The help section of a category: `docs/troubleshooting.md#<category>`. */
export function entryHelpUrl(category: EntryCategory): string {
  return `docs/troubleshooting.md#${category}`;
}
