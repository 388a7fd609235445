// `backbone-sync ignore ENTRY_ID`: stop retrying an entry; its pending change is deleted at once.
import { reportStoreError, stateDirFor } from '../store/cli-support';
import { parseEntryId } from '../store/entry-id';
import { UnknownEntryError } from '../store/errors';
import { openWritable } from '../store/open';
import { listSyncNames } from '../store/state-dir';
import { parseVerbArgs } from './args';
import type { VerbMain } from './io';
import { EXIT } from './io';

export const USAGE = 'Usage: backbone-sync ignore ENTRY_ID [--state-dir DIR]\n';

/** `backbone-sync ignore`: exit 0, 2 for a usage error or an unknown id, 3 while a run of that sync holds its lock. */
export const main: VerbMain = async (args, io) => {
  const parsed = parseVerbArgs(args, {
    'state-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if ('error' in parsed) {
    io.stderr(`backbone-sync ignore: ${parsed.error}\n${USAGE}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const [entryId, ...extra] = parsed.positionals;
  if (entryId === undefined || extra.length > 0) {
    io.stderr(`backbone-sync ignore: give exactly one entry id.\n${USAGE}`);
    return EXIT.usage;
  }
  const stateDir = stateDirFor(parsed.values['state-dir'], io);
  try {
    const { syncName } = parseEntryId(entryId);
    // Never create a sync's state just to find that it has no such entry.
    if (!listSyncNames(stateDir).includes(syncName)) throw new UnknownEntryError(entryId, stateDir);
    const store = await openWritable({ stateDir, syncName });
    try {
      const entry = store.getEntry(entryId);
      if (!entry) throw new UnknownEntryError(entryId, stateDir);
      if (entry.state !== 'open') {
        io.stdout(`${entryId} is already ${entry.state}; nothing to do.\n`);
        return EXIT.ok;
      }
      store.ignoreEntry(entryId);
      const where = `${entry.sourceKey} → ${entry.targetKey ?? '(not created)'}`;
      const pending = entry.pendingChange ? '; its pending change was deleted' : '';
      io.stdout(
        `Ignored ${entryId} (${entry.category}, ${where})${pending}. ` +
          `A later change of ${entry.sourceKey} is synced again.\n`,
      );
      return EXIT.ok;
    } finally {
      await store.close();
    }
  } catch (error) {
    return reportStoreError('ignore', error, io);
  }
};
