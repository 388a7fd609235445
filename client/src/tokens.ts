// Tokens for `${env:NAME}` references: the process environment first, else VS Code's SecretStorage.
// A token value only ever goes into the environment of the CLI child that needs it: never to the
// language server, settings, argv, logs or the output channel (DESIGN.md §9.2).
import * as vscode from 'vscode';
import type { TokenStatusResult } from '../../server/src/protocol/lsp';

const SECRET_PREFIX = 'backbone.token.';
const ENV_REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The `${env:NAME}` names a config refers to, outside comments. */
export function referencedNames(configText: string): string[] {
  const names = new Set<string>();
  for (const line of configText.split(/\r?\n/)) {
    const code = line.replace(/(^|\s)#.*$/, '');
    for (const match of code.matchAll(ENV_REFERENCE)) names.add(match[1] as string);
  }
  return [...names];
}

export class Tokens {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the NAME whose stored token was set or cleared. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {}

  async status(name: string): Promise<TokenStatusResult> {
    return {
      inEnvironment: Boolean(process.env[name]),
      inSecretStorage: vscode.workspace.isTrusted
        ? Boolean(await this.secrets.get(SECRET_PREFIX + name))
        : false,
    };
  }

  async get(name: string): Promise<string | undefined> {
    return process.env[name] || (await this.secrets.get(SECRET_PREFIX + name)) || undefined;
  }

  async store(name: string, value: string): Promise<void> {
    await this.secrets.store(SECRET_PREFIX + name, value);
    this.changed.fire(name);
  }

  async clear(name: string): Promise<boolean> {
    const had = (await this.secrets.get(SECRET_PREFIX + name)) !== undefined;
    await this.secrets.delete(SECRET_PREFIX + name);
    this.changed.fire(name);
    return had;
  }

  /** Names without a value anywhere. */
  async missing(names: readonly string[]): Promise<string[]> {
    const out: string[] = [];
    for (const name of names) if (!(await this.get(name))) out.push(name);
    return out;
  }

  /** Asks for NAME's value with a password input; stores it in SecretStorage. Undefined when cancelled. */
  async ask(name: string, reason?: string): Promise<string | undefined> {
    const value = await vscode.window.showInputBox({
      title: `Backbone Sync: token for \${env:${name}}`,
      prompt:
        (reason ? `${reason} ` : '') +
        `Paste the Jira API token for ${name}. It is kept in VS Code's secret storage and passed only to the sync process.`,
      password: true,
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() ? undefined : 'The token cannot be empty.'),
    });
    if (value === undefined) return undefined;
    await this.store(name, value.trim());
    return value.trim();
  }

  /**
   * The tokens a run of this config needs, asking once for each one that is missing.
   * Undefined when the user cancelled a prompt.
   */
  async forRun(configText: string): Promise<Record<string, string> | undefined> {
    const tokens: Record<string, string> = {};
    for (const name of referencedNames(configText)) {
      const value =
        (await this.get(name)) ??
        (await this.ask(name, `The config refers to \${env:${name}}, which is not set.`));
      if (value === undefined) return undefined;
      tokens[name] = value;
    }
    return tokens;
  }
}
