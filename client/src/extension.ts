// The extension's entry point (bundled to dist/extension.js). activate() only wires things up: the
// language server starts in the background and the views load their data after activation returns,
// so that activation stays well under 100 ms.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Cli } from './cli';
import { RunCodeLens } from './code-lens';
import { registerCommands } from './commands';
import { Configs } from './configs';
import { MarkdownDocuments, SCHEME } from './documents';
import { EntryDiagnostics } from './entry-diagnostics';
import { LANGUAGE_ID, createLanguageClient } from './language-client';
import { LanguageStatus } from './language-status';
import { createLog, log } from './log';
import { Runs } from './runs';
import type { RunEvent } from './runs';
import { SyncState } from './state';
import { watchStore } from './store-watcher';
import { SyncsView } from './syncs-view';
import { Tokens, referencedNames } from './tokens';
import { TroubleshootingView } from './troubleshooting-view';

/** What activate() returns: for tests and other extensions. */
export interface BackboneSyncApi {
  /** Milliseconds spent in activate() (the language server's start is not included). */
  readonly activationTimeMs: number;
  /** Resolves once the language server is running. */
  readonly languageServerReady: Promise<void>;
  /** Every event of every run. */
  readonly onDidRunEvent: vscode.Event<RunEvent>;
  /** Fires after the views reloaded the state directory. */
  readonly onDidRefresh: vscode.Event<void>;
  readonly troubleshooting: TroubleshootingView;
  readonly syncs: SyncsView;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): BackboneSyncApi {
  const started = performance.now();
  context.subscriptions.push(createLog());

  const tokens = new Tokens(context.secrets);
  const cli = new Cli(context.asAbsolutePath('dist/cli.js'));
  const documents = new MarkdownDocuments();
  const configs = new Configs();
  const state = new SyncState(cli);
  const troubleshooting = new TroubleshootingView(state);
  const runs = new Runs(cli, tokens, documents, () => void troubleshooting.reveal());
  const syncs = new SyncsView(configs, state, runs);

  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, documents),
    configs,
    state,
    troubleshooting,
    runs,
    syncs,
    new EntryDiagnostics(state),
    new LanguageStatus(),
    vscode.languages.registerCodeLensProvider({ language: LANGUAGE_ID }, new RunCodeLens(runs)),
    ...registerCommands({
      extensionPath: context.extensionPath,
      cli,
      configs,
      state,
      runs,
      tokens,
      documents,
      troubleshooting,
      tokenNames: context.globalState,
    }),
    // The views follow runs as they happen, and the store when anything else (a terminal) writes it.
    runs.onDidEmit((e) => {
      if (!e.dryRun && (e.event.type === 'entry-opened' || e.event.type === 'entry-resolved'))
        state.scheduleReload();
    }),
    runs.onDidFinish(() => state.scheduleReload(0)),
    watchStore(state),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('backbone.stateDirectory')) state.scheduleReload(0);
    }),
    configs.onDidChange(() => void updateMissingToken(configs, tokens)),
    tokens.onDidChange(() => void updateMissingToken(configs, tokens)),
  );

  client = createLanguageClient(context, tokens);
  const languageServerReady = client.start().catch((error: Error) => {
    log().error(`the language server did not start: ${error.message}`);
    throw error;
  });
  languageServerReady.catch(() => undefined);

  // Data for the views loads after activation returns.
  setImmediate(() => {
    void configs.scan();
    void state.reload();
  });

  const activationTimeMs = Math.round((performance.now() - started) * 100) / 100;
  log().info(`activated in ${activationTimeMs} ms`);
  return {
    activationTimeMs,
    languageServerReady,
    onDidRunEvent: runs.onDidEmit,
    onDidRefresh: state.onDidChange,
    troubleshooting,
    syncs,
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** Sets `backbone.missingToken` when a workspace config refers to a token that is nowhere (welcome view). */
async function updateMissingToken(configs: Configs, tokens: Tokens): Promise<void> {
  let missing = false;
  if (vscode.workspace.isTrusted) {
    for (const config of configs.all) {
      try {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(config.uri));
        if ((await tokens.missing(referencedNames(text))).length > 0) missing = true;
      } catch {
        // deleted meanwhile
      }
      if (missing) break;
    }
  }
  await vscode.commands.executeCommand('setContext', 'backbone.missingToken', missing);
}
