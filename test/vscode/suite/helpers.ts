// Waiting helpers for the suite: every wait is on an event with a generous timeout, never a fixed sleep.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, watch } from 'node:fs';
import type { Dirent, FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'backbone-sync.backbone-sync';

export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the end-to-end suite needs a workspace folder (the host opens one)');
  return folder.uri;
}

export function fileInWorkspace(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder(), name);
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Resolves with the document's diagnostics once `accept` holds; listens to onDidChangeDiagnostics. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = 60_000,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    const check = (): boolean => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!accept(diagnostics)) return false;
      finish();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === key)) check();
    });
    const timer = setTimeout(() => {
      finish();
      const got = vscode.languages.getDiagnostics(uri).map((d) => `${codeOf(d)}@${d.range.start.line + 1}`);
      reject(
        new Error(
          `diagnostics of ${uri.fsPath} not as expected after ${timeoutMs} ms; got [${got.join(', ')}]`,
        ),
      );
    }, timeoutMs);
    function finish(): void {
      clearTimeout(timer);
      subscription.dispose();
    }
    check();
  });
}

/** Resolves on the first event that `accept`s, rejects after the timeout. */
export function waitForEvent<T>(
  event: vscode.Event<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const subscription = event((value) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

export async function openConfig(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fileInWorkspace(name));
  await vscode.window.showTextDocument(document);
  return document;
}

// ---- prompts and notifications ------------------------------------------------------------------------

/** What the extension asked and said while `withPrompts` answered for the user. */
export interface PromptLog {
  /** Every input box the extension opened (the token prompt, the account ID of eraseAccount...). */
  inputs: vscode.InputBoxOptions[];
  /** Modal questions (e.g. "Remove every stored reference…?"), by message. */
  modals: string[];
  errors: string[];
  warnings: string[];
  infos: string[];
}

export interface PromptAnswers {
  /** The text typed into an input box; undefined dismisses it. Without it, an input box fails the test. */
  input?: (options: vscode.InputBoxOptions) => string | undefined;
  /** The button clicked in a modal message; undefined dismisses it. Without it, a modal fails the test. */
  modal?: (message: string, buttons: string[]) => string | undefined;
}

type MessageFn = (message: string, ...rest: unknown[]) => Thenable<unknown>;

/**
 * Runs `body` while the extension's input boxes and modal questions are answered by `answers`, and records the
 * notifications it shows (they still appear). Some commands have no argument for what they ask (the value of
 * setToken, the account ID and confirmation of eraseAccount), so this answers as a person would. It works because
 * the extension host hands one `vscode` API object per extension, chosen by the requiring file's path, and the
 * suite's bundle lives under the extension's folder (out/vscode-e2e/suite.js): replacing `vscode.window`'s functions
 * here replaces them for the extension too.
 */
export async function withPrompts<T>(
  answers: PromptAnswers,
  body: (log: PromptLog) => Promise<T>,
): Promise<T> {
  const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath;
  const suiteFolder = import.meta.dirname;
  if (!extensionPath || !suiteFolder.startsWith(extensionPath)) {
    throw new Error(
      `the suite (${suiteFolder}) must be bundled under the extension's folder (${extensionPath}) to answer its prompts`,
    );
  }
  const window = vscode.window as unknown as Record<string, unknown>;
  const saved = {
    showInputBox: window.showInputBox,
    showErrorMessage: window.showErrorMessage,
    showWarningMessage: window.showWarningMessage,
    showInformationMessage: window.showInformationMessage,
  };
  const log: PromptLog = { inputs: [], modals: [], errors: [], warnings: [], infos: [] };
  const isModal = (rest: unknown[]): boolean =>
    typeof rest[0] === 'object' && rest[0] !== null && (rest[0] as vscode.MessageOptions).modal === true;
  const buttons = (rest: unknown[]): string[] =>
    rest
      .map((r) => (typeof r === 'string' ? r : ((r as { title?: string } | null)?.title ?? '')))
      .filter(Boolean);
  const recording =
    (original: MessageFn, into: string[]): MessageFn =>
    (message, ...rest) => {
      if (isModal(rest)) {
        log.modals.push(message);
        if (!answers.modal) throw new Error(`unexpected modal question: ${message}`);
        return Promise.resolve(answers.modal(message, buttons(rest)));
      }
      into.push(message);
      return original.call(vscode.window, message, ...rest);
    };
  window.showInputBox = (options?: vscode.InputBoxOptions): Thenable<string | undefined> => {
    log.inputs.push(options ?? {});
    if (!answers.input) throw new Error(`unexpected input box: ${options?.title ?? options?.prompt ?? ''}`);
    return Promise.resolve(answers.input(options ?? {}));
  };
  window.showErrorMessage = recording(saved.showErrorMessage as MessageFn, log.errors);
  window.showWarningMessage = recording(saved.showWarningMessage as MessageFn, log.warnings);
  window.showInformationMessage = recording(saved.showInformationMessage as MessageFn, log.infos);
  try {
    return await body(log);
  } finally {
    Object.assign(window, saved);
  }
}

// ---- environment, files and logs --------------------------------------------------------------------------

/** Sets environment variables of the extension host (where the extension reads `${env:NAME}`); returns an undo. */
export function setEnvironment(values: Record<string, string | undefined>): () => void {
  const before: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(values)) {
    before[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return () => {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** A shipped example config (examples/NAME of the extension), as text. */
export function exampleConfig(name: string): string {
  const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath;
  if (!extensionPath) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return readFileSync(join(extensionPath, 'examples', name), 'utf8');
}

/** `backbone.stateDirectory` of the test workspace (the host runner sets it, so runs never touch the user's state). */
export function stateDirectory(): string {
  const dir = vscode.workspace.getConfiguration('backbone').get<string>('stateDirectory');
  if (!dir) throw new Error('the test workspace sets no backbone.stateDirectory');
  return dir;
}

/** The entries of a folder; none when it does not exist (yet) or cannot be read. */
function entriesOf(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Every file below `dir` with its bytes (an empty list when `dir` does not exist). */
export function filesBelow(dir: string): Array<{ path: string; bytes: Buffer }> {
  const out: Array<{ path: string; bytes: Buffer }> = [];
  const walk = (folder: string): void => {
    for (const entry of entriesOf(folder)) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push({ path, bytes: readFileSync(path) });
    }
  };
  walk(dir);
  return out;
}

/** The files below `dir` whose bytes contain `text` (UTF-8), as paths. */
export function filesContaining(dir: string, text: string): string[] {
  const needle = Buffer.from(text, 'utf8');
  return filesBelow(dir)
    .filter((f) => f.bytes.includes(needle))
    .map((f) => f.path);
}

/**
 * The log folders of this VS Code session: `logs/` of the user-data folder, which both hosts keep next to the
 * workspace they open (code-server: <run>/ud/logs with the workspace in <run>/t; desktop: <scratch>/user-data/logs
 * with the workspace in <scratch>). The extension's LogOutputChannel writes `<logs>/…/<extension id>/Backbone Sync.log`.
 */
export function sessionLogFolders(): string[] {
  const found: string[] = [];
  const look = (dir: string, depth: number): void => {
    if (depth < 0) return;
    for (const entry of entriesOf(dir)) {
      if (!entry.isDirectory()) continue;
      const path = join(dir, entry.name);
      if (entry.name === 'logs') found.push(path);
      else look(path, depth - 1);
    }
  };
  const workspace = workspaceFolder().fsPath;
  for (const root of [dirname(workspace), dirname(dirname(workspace))]) {
    look(root, 2);
    if (found.length > 0) break;
  }
  return found;
}

/** The log files the extension itself wrote this session (its log channel, the language server's channels). */
export function extensionLogFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of entriesOf(dir)) {
      const path = join(dir, entry.name);
      if (!entry.isDirectory()) continue;
      if (entry.name === EXTENSION_ID) {
        for (const file of readdirSync(path, { withFileTypes: true }))
          if (file.isFile()) files.push(join(path, file.name));
      } else {
        walk(path);
      }
    }
  };
  for (const logs of sessionLogFolders()) walk(logs);
  return files;
}

/**
 * Waits until `check` holds, re-checking whenever something changes in `folder` (fs.watch) and, as a backstop
 * for platforms whose watcher misses appends, every 250 ms; rejects with `what` after the timeout.
 */
export function waitForFiles(
  folder: string,
  check: () => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let watcher: FSWatcher | undefined;
    const done = (error?: Error): void => {
      clearTimeout(timer);
      clearInterval(backstop);
      watcher?.close();
      if (error) reject(error);
      else resolve();
    };
    const test = (): void => {
      try {
        if (check()) done();
      } catch (error) {
        done(error as Error);
      }
    };
    const timer = setTimeout(
      () => done(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
      timeoutMs,
    );
    const backstop = setInterval(test, 250);
    try {
      watcher = watch(folder, { recursive: false }, test);
    } catch {
      // the backstop re-checks
    }
    test();
  });
}

/** Runs the extension's bundled CLI (dist/cli.js) as a person would in a terminal, with this environment added. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath;
  if (!extensionPath) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(extensionPath, 'dist', 'cli.js'), ...args], {
      env: { ...process.env, ...env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

/** The 0-based line of the first line of `text` matching `pattern` (throws when none does). */
export function lineOf(text: string, pattern: RegExp): number {
  const line = text.split('\n').findIndex((l) => pattern.test(l));
  if (line < 0) throw new Error(`no line matches ${pattern}`);
  return line;
}
