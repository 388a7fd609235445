// Runs the suite's run() index inside code-server through the smoke-test driver: the workbench loads the
// extension under development and the test index from the `payload` query parameter, forwards the
// extension host's console to codeAutomationLog and reports the exit code through codeAutomationExit.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CodeServer } from './code-server';
import { openWorkbench, remoteUri } from './browser';
import { projectRoot } from './build-suite';

export interface SuiteRun {
  passed: number;
  failed: number;
  exitCode: number;
  metrics: Record<string, number>;
}

const RESULT = 'BACKBONE_E2E_RESULT ';
const METRIC = 'BACKBONE_E2E_METRIC ';
const REPORT = 'BACKBONE_E2E ';

export async function runSuiteInWorkbench(
  server: CodeServer,
  workspace: string,
  suiteBundle: string,
  options: { timeoutMs?: number; logName?: string } = {},
): Promise<SuiteRun> {
  // The workbench's own console (offline noise, extension host messages) goes to a file, kept for failures.
  const logFile = join(projectRoot, 'out', 'vscode-e2e', `${options.logName ?? 'workbench'}.log`);
  mkdirSync(dirname(logFile), { recursive: true });
  writeFileSync(logFile, '');
  const timeoutMs = options.timeoutMs ?? Number(process.env.BACKBONE_E2E_TIMEOUT_MS ?? 240_000);
  const run: SuiteRun = { passed: 0, failed: 0, exitCode: -1, metrics: {} };
  let sawResult = false;
  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));

  const t0 = Date.now();
  const onLine = (line: string): void => {
    if (line.startsWith(RESULT)) {
      const counts = JSON.parse(line.slice(RESULT.length)) as { passed: number; failed: number };
      run.passed += counts.passed;
      run.failed += counts.failed;
      sawResult = true;
    } else if (line.startsWith(METRIC)) {
      const { name, value } = JSON.parse(line.slice(METRIC.length)) as { name: string; value: number };
      run.metrics[name] = value;
      console.log(`  (${name}: ${value})`);
    } else if (line.startsWith(REPORT)) {
      if (process.env.BACKBONE_E2E_DEBUG) console.log(`[${Date.now() - t0} ms]`);
      console.log(line.slice(REPORT.length));
    } else {
      appendFileSync(logFile, `[${Date.now() - t0} ms] ${line}\n`);
    }
  };

  const payload: Array<[string, string]> = [
    ['extensionDevelopmentPath', remoteUri(server.origin, projectRoot)],
    ['extensionTestsPath', remoteUri(server.origin, suiteBundle)],
  ];
  const workbench = await openWorkbench(server.origin, workspace, {
    env: server.env,
    payload,
    beforeOpen: async (page) => {
      await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(Number(code)));
      await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown) => {
        const text = Array.isArray(args) ? args.map(String).join(' ') : String(args);
        for (const line of text.split('\n')) onLine(line);
      });
    },
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<number>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the suite did not finish within ${timeoutMs} ms (BACKBONE_E2E_TIMEOUT_MS)`)),
        timeoutMs,
      );
    });
    run.exitCode = await Promise.race([exited, timeout]);
    if (process.env.BACKBONE_E2E_DEBUG) console.log(`[exit after ${Date.now() - t0} ms]`);
  } finally {
    clearTimeout(timer);
    await workbench.close();
  }
  if (run.failed > 0) console.log(`  (the workbench's console is in ${logFile})`);
  if (!sawResult) {
    // The index never ran (e.g. the extension host failed to load it): count it as one failure.
    console.log(
      `  ✖ the suite did not report results (exit ${run.exitCode}); see ${logFile}. code-server said:`,
    );
    console.log(server.output().split('\n').slice(-30).join('\n'));
    run.failed++;
  } else if (run.exitCode !== 0 && run.failed === 0) {
    run.failed++;
  }
  return run;
}
