// The LSP wiring: the only code that touches the connection. Decisions live in config/ and language/.
import { TextDocumentSyncKind, TextDocuments } from 'vscode-languageserver';
import type { Connection, InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SETTINGS } from '../protocol/lsp';
import type { ServerSettings } from '../protocol/lsp';
import { DiagnosticsPublisher } from './diagnostics';
import { featureCapabilities, registerFeatures } from './features';
import { watchSnapshotsFor } from './metadata-watch';
import { ParseCache } from './parse-cache';

function readSettings(raw: unknown, base: ServerSettings): ServerSettings {
  const r = (raw ?? {}) as Record<string, unknown>;
  const validation = (r.validation ?? {}) as Record<string, unknown>;
  const delay = r.validationDelay ?? validation.delay;
  const stateDir = r.stateDirectory;
  return {
    validationDelay:
      typeof delay === 'number' && delay >= 0 && delay <= 10_000 ? delay : base.validationDelay,
    stateDirectory: typeof stateDir === 'string' && stateDir !== '' ? stateDir : base.stateDirectory,
  };
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new ParseCache();
  let settings: ServerSettings = { ...DEFAULT_SETTINGS };
  let canPullConfiguration = false;
  const publisher = new DiagnosticsPublisher(
    connection,
    cache,
    () => settings,
    (uri) => documents.get(uri),
  );
  const metadataWatch = watchSnapshotsFor(() => settings, publisher, documents);

  connection.onInitialize((params): InitializeResult => {
    settings = readSettings(params.initializationOptions, settings);
    metadataWatch.refresh();
    canPullConfiguration = Boolean(params.capabilities.workspace?.configuration);
    return {
      capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, ...featureCapabilities() },
      serverInfo: { name: 'backbone-sync-language-server', version: '0.1.0' },
    };
  });

  connection.onDidChangeConfiguration(async (change) => {
    let raw: unknown = (change.settings as Record<string, unknown> | undefined)?.backbone;
    if (canPullConfiguration) {
      try {
        raw = await connection.workspace.getConfiguration('backbone');
      } catch {
        // keep what the notification carried
      }
    }
    if (raw) settings = readSettings(raw, settings);
    metadataWatch.refresh();
    for (const document of documents.all()) publisher.publish(document.uri);
  });

  documents.onDidOpen((e) => publisher.schedule(e.document));
  documents.onDidChangeContent((e) => publisher.schedule(e.document));
  documents.onDidClose((e) => {
    cache.forget(e.document.uri);
    publisher.clear(e.document.uri);
  });

  registerFeatures({ connection, documents, cache, settings: () => settings });
  documents.listen(connection);
  connection.listen();
}
