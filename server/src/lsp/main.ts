// The language server's entry point (dist/server.js): `--stdio` or `--node-ipc`, as the client chooses.
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { startServer } from './server';

// The server must never die on one bad document: log and go on.
process.on('uncaughtException', (error) =>
  console.error(`backbone-sync language server: ${error.stack ?? error}`),
);

startServer(createConnection(ProposedFeatures.all));
