// The commands of the extension (all in the category "Backbone Sync"). Arguments, for other extensions and
// tests: runSync(uri?) and dryRun(uri?) resolve to the run's outcome `{ exitCode, counts }`; retryEntry,
// ignoreEntry, openInJira, goToMapping, syncIntoNewIssue and ignoreFutureChanges take a tree item or an entry id
// (./entry-commands); the rest take no arguments.
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { Cli } from './cli';
import { firstLine } from './cli';
import type { Configs } from './configs';
import { isConfigPath } from './configs';
import type { MarkdownDocuments } from './documents';
import {
  goToMapping,
  ignoreEntry,
  ignoreFutureChanges,
  resumeSync,
  openInJira,
  retryAll,
  retryEntry,
  showEntry,
  syncIntoNewIssue,
} from './entry-commands';
import { LANGUAGE_ID } from './language-client';
import { log } from './log';
import type { RunResult, Runs } from './runs';
import { SKELETON } from './skeleton';
import type { SyncState } from './state';
import { referencedNames } from './tokens';
import type { Tokens } from './tokens';
import { refuseIfUntrusted } from './trust';
import type { TroubleshootingView } from './troubleshooting-view';

export type { RetryResult } from './entry-commands';

export interface CommandContext {
  extensionPath: string;
  cli: Cli;
  configs: Configs;
  state: SyncState;
  runs: Runs;
  tokens: Tokens;
  documents: MarkdownDocuments;
  troubleshooting: TroubleshootingView;
  /** Names of tokens stored in SecretStorage (names only: SecretStorage cannot list its keys). */
  tokenNames: vscode.Memento;
}

const TOKEN_NAMES_KEY = 'backbone.storedTokenNames';

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  const register = (id: string, fn: (...args: never[]) => unknown): vscode.Disposable =>
    vscode.commands.registerCommand(id, fn as (...args: unknown[]) => unknown);
  return [
    register('backbone.runSync', (arg?: unknown) => runCommand(ctx, arg, false)),
    register('backbone.dryRun', (arg?: unknown) => runCommand(ctx, arg, true)),
    register('backbone.cancelRun', (arg?: unknown) => ctx.runs.cancel(asUri(arg))),
    register('backbone.retryEntry', (arg?: unknown) => retryEntry(ctx, arg)),
    register('backbone.retryAll', (arg?: unknown) => retryAll(ctx, arg)),
    register('backbone.ignoreEntry', (arg?: unknown) => ignoreEntry(ctx, arg)),
    register('backbone.syncIntoNewIssue', (arg?: unknown) => syncIntoNewIssue(ctx, arg)),
    register('backbone.ignoreFutureChanges', (arg?: unknown) => ignoreFutureChanges(ctx, arg)),
    register('backbone.resumeSync', (arg?: unknown) => resumeSync(ctx, arg)),
    register('backbone.openInJira', (arg?: unknown) => openInJira(ctx, arg)),
    register('backbone.goToMapping', (arg?: unknown) => goToMapping(ctx, arg)),
    register('backbone.setToken', (name?: string) => setToken(ctx, name)),
    register('backbone.clearToken', (name?: string) => clearToken(ctx, name)),
    register('backbone.refreshMetadata', (arg?: unknown) => refreshMetadata(ctx, arg)),
    register('backbone.personalDataReport', () => personalDataReport(ctx)),
    register('backbone.eraseAccount', () => eraseAccount(ctx)),
    register('backbone.showLog', () => log().show()),
    register('backbone.refresh', () =>
      Promise.all([ctx.state.reload(), ctx.configs.scan()]).then(() => undefined),
    ),
    register('backbone.createConfig', () => createConfig()),
    register('backbone.showEntry', (arg?: unknown) => showEntry(ctx, arg)),
  ];
}

// ---- arguments -------------------------------------------------------------------------------------

function asUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return arg.includes('://') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  if (arg && typeof arg === 'object') {
    const node = arg as { config?: { uri?: vscode.Uri }; resourceUri?: vscode.Uri };
    return node.config?.uri ?? node.resourceUri;
  }
  return undefined;
}

/** The config to run: the argument, else the active config, else a quick pick of the workspace's configs. */
async function pickConfig(
  ctx: CommandContext,
  arg: unknown,
  action: string,
): Promise<vscode.Uri | undefined> {
  const given = asUri(arg);
  if (given) return given;
  const active = vscode.window.activeTextEditor?.document;
  if (active && (active.languageId === LANGUAGE_ID || isConfigPath(active.uri.fsPath))) return active.uri;
  await ctx.configs.scan();
  const configs = ctx.configs.all;
  if (configs.length === 1) return configs[0]?.uri;
  if (configs.length === 0) {
    const pick = await vscode.window.showInformationMessage(
      'Backbone Sync: there is no sync config (*.sync.yaml) in this workspace yet.',
      'Create a Sync Config',
    );
    if (pick) await createConfig();
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    configs.map((c) => ({ label: c.name, description: vscode.workspace.asRelativePath(c.uri), uri: c.uri })),
    { title: `Backbone Sync: ${action}`, placeHolder: 'Which sync?' },
  );
  return picked?.uri;
}

// ---- runs ------------------------------------------------------------------------------------------

async function runCommand(ctx: CommandContext, arg: unknown, dryRun: boolean): Promise<RunResult> {
  const what = dryRun ? 'A dry run' : 'Running a sync';
  if (!refuseIfUntrusted(what)) return { exitCode: null, counts: null, refused: 'untrusted-workspace' };
  const uri = await pickConfig(ctx, arg, dryRun ? 'Dry Run' : 'Run Sync');
  if (!uri) return { exitCode: null, counts: null, refused: 'no-config' };
  const result = await ctx.runs.start(uri, dryRun);
  if (!dryRun) await ctx.state.reload();
  return result;
}

// ---- tokens ----------------------------------------------------------------------------------------

async function rememberName(ctx: CommandContext, name: string, stored: boolean): Promise<void> {
  const names = new Set(ctx.tokenNames.get<string[]>(TOKEN_NAMES_KEY, []));
  if (stored) names.add(name);
  else names.delete(name);
  await ctx.tokenNames.update(TOKEN_NAMES_KEY, [...names].sort());
}

async function workspaceTokenNames(ctx: CommandContext): Promise<string[]> {
  await ctx.configs.scan();
  const names = new Set<string>();
  for (const config of ctx.configs.all) {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(config.uri));
      for (const name of referencedNames(text)) names.add(name);
    } catch {
      // unreadable config: nothing to offer from it
    }
  }
  return [...names].sort();
}

async function setToken(ctx: CommandContext, givenName?: string): Promise<boolean> {
  if (!refuseIfUntrusted('Storing a token')) return false;
  let name = typeof givenName === 'string' ? givenName : undefined;
  if (!name) {
    const names = await workspaceTokenNames(ctx);
    const items: Array<vscode.QuickPickItem & { name?: string }> = [];
    for (const n of names) {
      const status = await ctx.tokens.status(n);
      const where = status.inEnvironment
        ? 'set in the environment'
        : status.inSecretStorage
          ? 'stored'
          : 'missing';
      items.push({ label: `\${env:${n}}`, description: where, name: n });
    }
    items.push({ label: 'Another name…', description: 'type the NAME of ${env:NAME}' });
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Backbone Sync: Set Token',
      placeHolder: 'For which ${env:NAME}?',
    });
    if (!picked) return false;
    name =
      picked.name ??
      (await vscode.window.showInputBox({
        title: 'Backbone Sync: Set Token',
        prompt: 'The NAME in ${env:NAME}',
        validateInput: (v) =>
          /^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? undefined : 'Letters, digits and _ only.',
      }));
    if (!name) return false;
  }
  const value = await ctx.tokens.ask(name);
  if (value === undefined) return false;
  await rememberName(ctx, name, true);
  log().info(`token stored for \${env:${name}}`);
  void vscode.window.showInformationMessage(
    `Backbone Sync: token for \${env:${name}} stored in VS Code's secret storage.`,
  );
  return true;
}

async function clearToken(ctx: CommandContext, givenName?: string): Promise<boolean> {
  if (!refuseIfUntrusted('Clearing a token')) return false;
  let name = typeof givenName === 'string' ? givenName : undefined;
  if (!name) {
    const stored = ctx.tokenNames.get<string[]>(TOKEN_NAMES_KEY, []);
    const names = [...new Set([...stored, ...(await workspaceTokenNames(ctx))])].sort();
    if (names.length === 0) {
      void vscode.window.showInformationMessage('Backbone Sync: no token is stored.');
      return false;
    }
    name = await vscode.window.showQuickPick(names, {
      title: 'Backbone Sync: Clear Token',
      placeHolder: 'Remove which stored token?',
    });
    if (!name) return false;
  }
  const had = await ctx.tokens.clear(name);
  await rememberName(ctx, name, false);
  log().info(`token cleared for \${env:${name}}`);
  void vscode.window.showInformationMessage(
    had
      ? `Backbone Sync: token for \${env:${name}} removed.`
      : `Backbone Sync: no token was stored for \${env:${name}}.`,
  );
  return had;
}

// ---- metadata, report, erase -----------------------------------------------------------------------

async function refreshMetadata(ctx: CommandContext, arg: unknown): Promise<number | null> {
  if (!refuseIfUntrusted('Refreshing metadata')) return null;
  const uri = await pickConfig(ctx, arg, 'Refresh Metadata');
  if (!uri) return null;
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const tokens = await ctx.tokens.forRun(text);
  if (!tokens) return null;
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Backbone Sync: reading the sites' metadata for ${basename(uri.fsPath)}`,
    },
    () => ctx.cli.run(['metadata', uri.fsPath, ...ctx.cli.stateDirArgs()], tokens, dirname(uri.fsPath)),
  );
  log().info(`metadata ${uri.fsPath}: exit ${result.exitCode}`);
  if (result.exitCode === 0) {
    void vscode.window.showInformationMessage(
      `Backbone Sync: metadata of ${basename(uri.fsPath)} refreshed; the predictive checks use it now.`,
    );
  } else {
    void vscode.window.showErrorMessage(
      `Backbone Sync: could not read the metadata (exit ${result.exitCode}): ${firstLine(result.stderr) || 'see the log'}`,
    );
  }
  return result.exitCode;
}

async function personalDataReport(ctx: CommandContext): Promise<vscode.Uri | undefined> {
  await ctx.configs.scan();
  const files = ctx.configs.all.map((c) => c.uri.fsPath);
  if (files.length === 0) {
    void vscode.window.showInformationMessage(
      'Backbone Sync: no sync config in this workspace to report on.',
    );
    return undefined;
  }
  const result = await ctx.cli.run(['report', ...files, '--format', 'markdown', ...ctx.cli.stateDirArgs()]);
  if (result.exitCode > 1 || !result.stdout.trim()) {
    void vscode.window.showErrorMessage(
      `Backbone Sync: the personal-data report failed (exit ${result.exitCode}): ${firstLine(result.stderr) || 'no output'}`,
    );
    return undefined;
  }
  return ctx.documents.show('/personal-data-report', result.stdout);
}

async function eraseAccount(ctx: CommandContext): Promise<number | null> {
  if (!refuseIfUntrusted('Erasing stored data')) return null;
  const accountId = await vscode.window.showInputBox({
    title: 'Backbone Sync: Erase Stored Data of an Account',
    prompt: 'The Atlassian account ID whose stored references are removed from every sync state',
    ignoreFocusOut: true,
    validateInput: (v) =>
      /^[A-Za-z0-9:_-]{6,128}$/.test(v.trim())
        ? undefined
        : 'An Atlassian account ID, e.g. 5b10ac8d82e05b22cc7d4ef5',
  });
  if (!accountId) return null;
  const ok = await vscode.window.showWarningMessage(
    `Remove every stored reference to ${accountId.trim()}? Pending changes that need this account are deleted.`,
    { modal: true },
    'Erase',
  );
  if (ok !== 'Erase') return null;
  // The checklist search needs the sites' tokens: pass those available, without asking.
  const tokens: Record<string, string> = {};
  for (const name of await workspaceTokenNames(ctx)) {
    const value = await ctx.tokens.get(name);
    if (value) tokens[name] = value;
  }
  const result = await ctx.cli.run(['erase-account', accountId.trim(), ...ctx.cli.stateDirArgs()], tokens);
  log().info(`erase-account: exit ${result.exitCode}`);
  await ctx.state.reload();
  if (result.exitCode === 2 || (result.exitCode !== 0 && !result.stdout.trim())) {
    void vscode.window.showErrorMessage(
      `Backbone Sync: erase failed (exit ${result.exitCode}): ${firstLine(result.stderr) || 'see the log'}`,
    );
  } else {
    await ctx.documents.show('/erase-account', `# Erased account data\n\n${result.stdout}\n`);
  }
  return result.exitCode;
}

// ---- new config ------------------------------------------------------------------------------------

async function createConfig(): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showInformationMessage(
      'Backbone Sync: open a folder first; the config is created in it.',
    );
    return undefined;
  }
  let uri = vscode.Uri.joinPath(folder.uri, 'my-sync.sync.yaml');
  for (let n = 2; await exists(uri); n++) uri = vscode.Uri.joinPath(folder.uri, `my-sync-${n}.sync.yaml`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(SKELETON));
  await vscode.window.showTextDocument(uri);
  return uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
