// Starts the Backbone Sync language server (dist/server.js) over Node IPC and answers its requests.
// The server is forked here rather than by vscode-languageclient because the library copies the whole
// process environment into the child; ours gets the allow-list only, so no token can reach it (§9.2).
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import { IPCMessageReader, IPCMessageWriter, LanguageClient } from 'vscode-languageclient/node';
import type { LanguageClientOptions, MessageTransports } from 'vscode-languageclient/node';
import { TOKEN_STATUS_REQUEST } from '../../server/src/protocol/lsp';
import type { ServerSettings, TokenStatusParams, TokenStatusResult } from '../../server/src/protocol/lsp';
import { allowListedEnvironment } from './environment';
import { redactingChannel } from './redacting-channel';
import type { Tokens } from './tokens';

export const LANGUAGE_ID = 'backbone-sync';
const RUN_COMMANDS = new Set(['backbone.runSync', 'backbone.dryRun']);

export function serverSettings(): ServerSettings {
  const config = vscode.workspace.getConfiguration('backbone');
  const stateDirectory = config.get<string>('stateDirectory')?.trim();
  return {
    validationDelay: config.get<number>('validation.delay', 200),
    ...(stateDirectory ? { stateDirectory } : {}),
  };
}

export function createLanguageClient(context: vscode.ExtensionContext, tokens: Tokens): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  let child: ChildProcess | undefined;

  const serverOptions = async (): Promise<MessageTransports> => {
    child = fork(serverModule, ['--node-ipc'], {
      env: { ...allowListedEnvironment(), ELECTRON_RUN_AS_NODE: '1' },
      execArgv: [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    // The server logs to stderr (never document text or tokens): show it in the server's output channel.
    child.stderr?.on('data', (chunk: Buffer) => client.outputChannel.append(chunk.toString('utf8')));
    return { reader: new IPCMessageReader(child), writer: new IPCMessageWriter(child) };
  };

  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE_ID },
      { scheme: 'untitled', language: LANGUAGE_ID },
    ],
    initializationOptions: serverSettings(),
    synchronize: { configurationSection: 'backbone' },
    // Both channels redact auth values: a verbose trace holds whole documents (§9.2).
    outputChannel: redactingChannel('Backbone Sync Language Server'),
    traceOutputChannel: redactingChannel('Backbone Sync Language Server Trace'),
    middleware: {
      // The client draws "▶ Run sync · Dry run" itself (it knows about trust and runs in progress):
      // drop server lenses for the same commands so they do not appear twice; others pass through.
      provideCodeLenses: async (document, token, next) => {
        const lenses = await next(document, token);
        return lenses?.filter((lens) => !RUN_COMMANDS.has(lens.command?.command ?? ''));
      },
    },
  };

  const client = new LanguageClient(
    'backbone',
    'Backbone Sync Language Server',
    serverOptions,
    clientOptions,
  );
  client.onRequest(TOKEN_STATUS_REQUEST, (params: TokenStatusParams): Promise<TokenStatusResult> =>
    tokens.status(params.name),
  );
  context.subscriptions.push({
    dispose: () => {
      if (child && child.exitCode === null) child.kill();
    },
  });
  return client;
}
