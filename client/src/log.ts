// The "Backbone Sync" log channel. Only our own words go here: never a token, a display name, an email
// address or Jira's error text (DESIGN.md §9); run output is the engine's NDJSON events, which hold none.
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function createLog(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Backbone Sync', { log: true });
  return channel;
}

export function log(): vscode.LogOutputChannel {
  return createLog();
}
