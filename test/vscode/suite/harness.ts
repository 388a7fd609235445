// A small sequential test runner for the extension host (mocha is not a dependency). Both hosts load the
// same `run()` index: desktop VS Code through @vscode/test-electron, and code-server through the
// smoke-test driver. Tests wait on events with generous timeouts, never on fixed sleeps.

export interface SuiteResult {
  passed: number;
  failed: number;
  skipped: number;
}

/** Which pass a test belongs to: the host runs the suite once trusted and once untrusted (workspace trust). */
export type Trust = 'trusted' | 'untrusted' | 'any';

export interface TestOptions {
  timeoutMs?: number;
  /** Default 'trusted'. */
  trust?: Trust;
}

interface RegisteredTest {
  name: string;
  fn: () => Promise<void> | void;
  timeoutMs: number;
  trust: Trust;
}

const registered: RegisteredTest[] = [];
const cleanups: Array<() => Promise<void> | void> = [];

/** The line the host runners parse for the counts (the closing `e2e: N passed, N failed` is theirs). */
export const RESULT_MARKER = 'BACKBONE_E2E_RESULT';
/** A measurement the code-server runner collects, e.g. the time spent in activate(). */
export const METRIC_MARKER = 'BACKBONE_E2E_METRIC';
/** Lines of the suite's own report; the code-server runner prints these and files the workbench's noise. */
export const REPORT_MARKER = 'BACKBONE_E2E ';

function say(text: string): void {
  for (const line of text.split('\n')) console.log(`${REPORT_MARKER}${line}`);
}

export function test(name: string, fn: () => Promise<void> | void, options: TestOptions = {}): void {
  registered.push({ name, fn, timeoutMs: options.timeoutMs ?? 90_000, trust: options.trust ?? 'trusted' });
}

/** Runs after every test, last registered first: stops emulators and child processes a test started. */
export function afterAll(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

export function metric(name: string, value: number): void {
  console.log(`${METRIC_MARKER} ${JSON.stringify({ name, value })}`);
}

function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${name}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs the tests of this pass (`trusted` tells which: vscode.workspace.isTrusted). `grep`
 * (BACKBONE_E2E_GREP, alternatives separated by `|`) selects tests whose name contains one; the rest count as skipped.
 */
export async function runRegistered(trusted: boolean, grep?: string): Promise<SuiteResult> {
  const result: SuiteResult = { passed: 0, failed: 0, skipped: 0 };
  say(`end-to-end suite, ${trusted ? 'trusted' : 'untrusted'} workspace`);
  for (const t of registered) {
    const inPass = t.trust === 'any' || (t.trust === 'trusted') === trusted;
    const wanted = grep?.toLowerCase().split('|');
    if (!inPass || (wanted && !wanted.some((w) => t.name.toLowerCase().includes(w)))) {
      result.skipped++;
      continue;
    }
    const started = Date.now();
    try {
      await withTimeout(Promise.resolve().then(t.fn), t.timeoutMs, t.name);
      result.passed++;
      say(`  ✔ ${t.name} (${Date.now() - started} ms)`);
    } catch (error) {
      result.failed++;
      const err = error as Error;
      say(`  ✖ ${t.name} (${Date.now() - started} ms)\n    ${err.stack ?? err.message}`);
    }
  }
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      say(`  cleanup failed: ${(error as Error).message}`);
    }
  }
  console.log(`${RESULT_MARKER} ${JSON.stringify(result)}`);
  return result;
}
