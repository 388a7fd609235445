// Drives the built language server exactly as an editor does: `node dist/server.js --stdio`, LSP over the
// child's stdin/stdout. Every notification the server sends is recorded from the moment the process starts,
// so a wait registered after a `didOpen` can never miss a publish (the listener exists before the request).
// Shared by the diagnostics, completion and code-action protocol tests.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type {
  ClientCapabilities,
  Diagnostic,
  InitializeResult,
  ProtocolConnection,
  PublishDiagnosticsParams,
  Range,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

/** The repository root (test/lsp/../..). */
export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const SERVER_JS = join(REPO_ROOT, 'dist', 'server.js');

/** Generous: the machine running the tests may be a loaded 2-core CI box. */
export const DEFAULT_TIMEOUT_MS = 20_000;

export const LANGUAGE_ID = 'backbone-sync';

export interface StartOptions {
  /**
   * `initializationOptions` sent with `initialize`; `validationDelay` defaults to 10 ms and `stateDirectory`
   * to a fresh empty temporary folder (so that no snapshot in the user's home changes the results).
   */
  initializationOptions?: Record<string, unknown>;
  /** Client capabilities; by default none beyond what every client has (no `workspace/configuration`). */
  capabilities?: ClientCapabilities;
  /** Answers `workspace/configuration` requests (only asked when `capabilities.workspace.configuration`). */
  configuration?: (section: string | undefined) => unknown;
  /** Extra environment for the server process (the server gets only PATH and these, like the real client). */
  env?: Record<string, string>;
}

/** A file:// URI for a (possibly fictional) config path, e.g. `uriOf('support.sync.yaml')`. */
export function uriOf(name: string): string {
  return pathToFileURL(join(REPO_ROOT, 'test', 'lsp', 'virtual', name)).href;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what()}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface Waiter {
  predicate: (params: PublishDiagnosticsParams) => boolean;
  resolve: (params: PublishDiagnosticsParams) => void;
}

/**
 * Only the errors: what makes a config invalid (DESIGN.md §4). Protocol tests of one feature use it so that
 * the hints and information of other validators (personal data, metadata) do not break them.
 */
export function errorsOf(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
}

/** One running language server and the client side of its connection. */
export class LspSession {
  /** Every publishDiagnostics received, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** What the server wrote to stderr (its crash reports), for failure messages. */
  stderr = '';
  exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  initializeResult: InitializeResult | undefined;
  private readonly waiters = new Set<Waiter>();
  private readonly versions = new Map<string, number>();
  /** `uri#version` → the length of `published` when that version was sent. */
  private readonly sentAt = new Map<string, number>();
  private readonly exitPromise: Promise<void>;

  constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
  ) {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exitPromise = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exited = { code, signal };
        resolve();
      });
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      for (const waiter of [...this.waiters]) {
        if (waiter.predicate(params)) {
          this.waiters.delete(waiter);
          waiter.resolve(params);
        }
      }
    });
  }

  /** The publishes received so far for one document. */
  publishedFor(uri: string): PublishDiagnosticsParams[] {
    return this.published.filter((p) => p.uri === uri);
  }

  /**
   * Resolves with the first publish matching `predicate` that arrives after `fromIndex` (an index into
   * `published`; by default the publishes already received count too). Raced against a timeout.
   */
  waitForPublish(
    predicate: (params: PublishDiagnosticsParams) => boolean,
    options: { fromIndex?: number; timeoutMs?: number; description?: string } = {},
  ): Promise<PublishDiagnosticsParams> {
    const earlier = this.published.slice(options.fromIndex ?? 0).find(predicate);
    if (earlier) return Promise.resolve(earlier);
    const found = new Promise<PublishDiagnosticsParams>((resolve) => {
      this.waiters.add({ predicate, resolve });
    });
    return withTimeout(
      found,
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      () =>
        `${options.description ?? 'publishDiagnostics'}; received: ${JSON.stringify(
          this.published.map((p) => ({ uri: p.uri, version: p.version, count: p.diagnostics.length })),
        )}; server stderr: ${this.stderr || '(empty)'}${this.exited ? `; server exited ${JSON.stringify(this.exited)}` : ''}`,
    );
  }

  /** The diagnostics of this exact uri and version that are errors (hints and information left out). */
  async errorsFor(uri: string, version: number, timeoutMs?: number): Promise<Diagnostic[]> {
    return errorsOf(await this.diagnosticsFor(uri, version, timeoutMs));
  }

  /**
   * The diagnostics the server publishes for this exact uri and version. Only publishes that arrived after
   * that version was sent count (a document closed and reopened starts again at the same version).
   */
  async diagnosticsFor(uri: string, version: number, timeoutMs?: number): Promise<Diagnostic[]> {
    const params = await this.waitForPublish((p) => p.uri === uri && p.version === version, {
      fromIndex: this.sentAt.get(`${uri}#${version}`) ?? 0,
      timeoutMs,
      description: `diagnostics of ${uri} version ${version}`,
    });
    return params.diagnostics;
  }

  /** The empty publish (no version) that clears a closed document, after `fromIndex`. */
  async clearedFor(uri: string, fromIndex: number, timeoutMs?: number): Promise<PublishDiagnosticsParams> {
    return this.waitForPublish(
      (p) => p.uri === uri && p.diagnostics.length === 0 && p.version === undefined,
      {
        fromIndex,
        timeoutMs,
        description: `the clearing publish of ${uri}`,
      },
    );
  }

  /** Sends didOpen (version 1 unless given). Returns the version sent. */
  async open(uri: string, text: string, version = 1): Promise<number> {
    this.versions.set(uri, version);
    this.sentAt.set(`${uri}#${version}`, this.published.length);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: LANGUAGE_ID, version, text },
    });
    return version;
  }

  /** Opens a document and waits for the diagnostics of that version (the wait is registered first). */
  async openAndWait(uri: string, text: string, version = 1, timeoutMs?: number): Promise<Diagnostic[]> {
    const wait = this.waitForPublish((p) => p.uri === uri && p.version === version, {
      fromIndex: this.published.length,
      timeoutMs,
      description: `diagnostics of ${uri} version ${version}`,
    });
    await this.open(uri, text, version);
    return (await wait).diagnostics;
  }

  /** Sends a full-text didChange with the next version. Returns that version. */
  async change(uri: string, text: string): Promise<number> {
    return this.changeWith(uri, [{ text }]);
  }

  /** Sends an incremental edit (replace `range` by `text`) with the next version. Returns that version. */
  async edit(uri: string, range: Range, text: string): Promise<number> {
    return this.changeWith(uri, [{ range, text }]);
  }

  /** Sends didChange with the given content changes and the next version. */
  async changeWith(uri: string, contentChanges: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.sentAt.set(`${uri}#${version}`, this.published.length);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges,
    });
    return version;
  }

  /** The last version sent for a document. */
  versionOf(uri: string): number | undefined {
    return this.versions.get(uri);
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri },
    });
  }

  async changeConfiguration(settings: unknown): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  /** shutdown + exit, then kill the process if it has not gone within a few seconds. Safe to call twice. */
  async dispose(): Promise<void> {
    if (!this.exited) {
      try {
        await withTimeout(this.connection.sendRequest(ShutdownRequest.type), 5_000, () => 'shutdown');
        await this.connection.sendNotification(ExitNotification.type);
        await withTimeout(this.exitPromise, 5_000, () => 'the server to exit');
      } catch {
        // fall through to kill
      }
    }
    if (!this.exited) {
      this.child.kill('SIGKILL');
      await this.exitPromise;
    }
    this.connection.dispose();
  }
}

/**
 * Spawns `node dist/server.js --stdio` (run `npm run build` first; `npm test` does), sends `initialize`
 * (with `validationDelay: 10` unless overridden) and `initialized`.
 */
export async function startLanguageServer(options: StartOptions = {}): Promise<LspSession> {
  if (!existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run \`npm run build\` first.`);
  // Like the real client: an allow-listed environment, no inherited secrets.
  const child = spawn(process.execPath, [SERVER_JS, '--stdio'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: 'pipe',
  });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const session = new LspSession(child, connection);
  connection.onRequest(ConfigurationRequest.type, (params) =>
    params.items.map((item) => options.configuration?.(item.section) ?? null),
  );
  connection.listen();
  try {
    session.initializeResult = await withTimeout(
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        workspaceFolders: null,
        capabilities: options.capabilities ?? {},
        initializationOptions: {
          validationDelay: 10,
          stateDirectory: mkdtempSync(join(tmpdir(), 'backbone-lsp-test-')),
          ...options.initializationOptions,
        },
      }),
      DEFAULT_TIMEOUT_MS,
      () => `the initialize response; server stderr: ${session.stderr || '(empty)'}`,
    );
    await connection.sendNotification(InitializedNotification.type, {});
  } catch (error) {
    await session.dispose();
    throw error;
  }
  return session;
}
