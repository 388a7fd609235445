// Watches the metadata snapshots (`<state dir>/metadata/<sync name>/<site name>.json`) and re-validates the
// open documents when one is written, so a refresh of metadata updates diagnostics without a reload.
// macOS and Windows watch a tree natively (`recursive`); elsewhere the metadata folder and each sync's folder
// are watched one by one. A folder that does not exist yet is awaited by watching its nearest existing parent.
import { existsSync, readdirSync, watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';
import { stateDirectoryFor } from '../personal-data/snapshot';
import type { ServerSettings } from '../protocol/lsp';

export interface MetadataWatchOptions {
  /** The state directory in effect (settings may change it). */
  stateDir: () => string;
  /** Re-validates every open document. */
  revalidate: () => void;
  /** Quiet time after the last file event before re-validating (a snapshot write is several events). */
  debounceMs?: number;
  /** Whether fs.watch may watch a tree (tests force the per-folder mode). */
  recursive?: boolean;
}

export interface MetadataWatch {
  /** Re-arms the watchers when the state directory changed (call after settings are read). */
  refresh(): void;
  dispose(): void;
}

/** Starts nothing until the first `refresh()`, when the settings are known. */
export function createMetadataWatch(options: MetadataWatchOptions): MetadataWatch {
  const debounceMs = options.debounceMs ?? 150;
  const recursive = options.recursive ?? (process.platform === 'darwin' || process.platform === 'win32');
  let watchers = new Map<string, FSWatcher>();
  let armedFor: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let disposed = false;

  const fire = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (!disposed) options.revalidate();
    }, debounceMs);
    timer.unref?.();
  };

  const close = (path: string) => {
    watchers.get(path)?.close();
    watchers.delete(path);
  };

  const watchFolder = (path: string, onEvent: () => void, tree = false): boolean => {
    if (watchers.has(path)) return true;
    try {
      const watcher = watch(path, { persistent: false, recursive: tree }, onEvent);
      watcher.on('error', () => {
        // The folder went away (or the platform cannot watch it): look again from the top.
        close(path);
        arm();
        fire();
      });
      watchers.set(path, watcher);
      return true;
    } catch {
      return false;
    }
  };

  /** Watches what exists now of `<state dir>/metadata`, and re-arms as folders appear or vanish. */
  const arm = () => {
    if (disposed || armedFor === undefined) return;
    const metadata = join(armedFor, 'metadata');
    const wanted = new Set<string>();
    if (existsSync(metadata)) {
      if (recursive && watchFolder(metadata, fire, true)) {
        wanted.add(metadata);
      } else if (
        watchFolder(metadata, () => {
          arm(); // a sync folder may have appeared
          fire();
        })
      ) {
        wanted.add(metadata);
        let entries: string[] = [];
        try {
          entries = readdirSync(metadata, { withFileTypes: true })
            .filter((e) => e.isDirectory())
            .map((e) => join(metadata, e.name));
        } catch {
          entries = [];
        }
        for (const folder of entries) if (watchFolder(folder, fire)) wanted.add(folder);
      }
    } else {
      // Wait for the folder: watch the nearest ancestor that exists, and look again on any change there.
      let ancestor = dirname(metadata);
      while (!existsSync(ancestor) && dirname(ancestor) !== ancestor) ancestor = dirname(ancestor);
      if (
        watchFolder(ancestor, () => {
          if (existsSync(metadata) || !existsSync(ancestor)) {
            arm();
            fire();
          } else {
            arm(); // an intermediate folder may have appeared
          }
        })
      ) {
        wanted.add(ancestor);
      }
    }
    for (const path of [...watchers.keys()]) if (!wanted.has(path)) close(path);
  };

  return {
    refresh() {
      const dir = options.stateDir();
      if (dir === armedFor) return;
      for (const path of [...watchers.keys()]) close(path);
      watchers = new Map();
      armedFor = dir;
      arm();
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      for (const path of [...watchers.keys()]) close(path);
    },
  };
}

/** The language server's watch: the settings' state directory (else the per-OS default), every open document. */
export function watchSnapshotsFor(
  settings: () => ServerSettings,
  publisher: { publish(uri: string): void },
  documents: { all(): { uri: string }[] },
): MetadataWatch {
  return createMetadataWatch({
    stateDir: () => stateDirectoryFor(settings().stateDirectory),
    revalidate: () => {
      for (const document of documents.all()) publisher.publish(document.uri);
    },
  });
}
