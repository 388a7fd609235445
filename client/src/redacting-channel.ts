// A log channel that redacts auth values (redact.ts) before they are shown: the language client's trace
// and log channels go through it.
import * as vscode from 'vscode';
import { redactSecrets } from './redact';

type Level = 'trace' | 'debug' | 'info' | 'warn';

export function redactingChannel(name: string): vscode.LogOutputChannel {
  const channel = vscode.window.createOutputChannel(name, { log: true });
  const redactArgs = (args: unknown[]): unknown[] =>
    args.map((a) =>
      typeof a === 'string' ? redactSecrets(a) : a instanceof Error ? redactSecrets(a.message) : a,
    );
  const level =
    (which: Level) =>
    (message: string, ...args: unknown[]): void =>
      channel[which](redactSecrets(message), ...redactArgs(args));
  return {
    get name() {
      return channel.name;
    },
    get logLevel() {
      return channel.logLevel;
    },
    onDidChangeLogLevel: channel.onDidChangeLogLevel,
    trace: level('trace'),
    debug: level('debug'),
    info: level('info'),
    warn: level('warn'),
    error: (error: string | Error, ...args: unknown[]) =>
      channel.error(redactSecrets(typeof error === 'string' ? error : error.message), ...redactArgs(args)),
    append: (value: string) => channel.append(redactSecrets(value)),
    appendLine: (value: string) => channel.appendLine(redactSecrets(value)),
    replace: (value: string) => channel.replace(redactSecrets(value)),
    clear: () => channel.clear(),
    show: (...args: unknown[]) => channel.show(...(args as [boolean?])),
    hide: () => channel.hide(),
    dispose: () => channel.dispose(),
  };
}
