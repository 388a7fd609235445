// Publishes diagnostics: debounced per document, one publish per version with every validator's results,
// carrying the version; a stale version is never published; cleared on close.
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { validateDocument } from '../config/validate';
import type { ServerSettings } from '../protocol/lsp';
import type { ParseCache } from './parse-cache';

export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly connection: Connection,
    private readonly cache: ParseCache,
    private readonly settings: () => ServerSettings,
    private readonly current: (uri: string) => TextDocument | undefined,
  ) {}

  /** Validates after the configured delay; a newer change restarts the wait. */
  schedule(document: TextDocument): void {
    const previous = this.timers.get(document.uri);
    if (previous) clearTimeout(previous);
    const timer = setTimeout(() => {
      this.timers.delete(document.uri);
      this.publish(document.uri);
    }, this.settings().validationDelay);
    this.timers.set(document.uri, timer);
  }

  /** Validates the newest version of a document now. */
  publish(uri: string): void {
    const document = this.current(uri);
    if (!document) return;
    let diagnostics;
    try {
      const parsed = this.cache.get(document);
      diagnostics = validateDocument(parsed, { stateDir: this.settings().stateDirectory });
    } catch (error) {
      // A malformed document must never stop diagnostics for the others.
      this.connection.console.error(
        `validation of ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`,
      );
      return;
    }
    if (this.current(uri)?.version !== document.version) return; // a newer version is on its way
    void this.connection.sendDiagnostics({ uri, version: document.version, diagnostics });
  }

  clear(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}
