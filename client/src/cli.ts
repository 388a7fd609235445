// Runs the bundled engine CLI (dist/cli.js) as a child process. The extension never writes the store
// itself: runs, retries, ignores and erasures all go through here (DESIGN.md §3).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import { cliEnvironment } from './environment';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export class Cli {
  constructor(private readonly cliPath: string) {}

  /** `--state-dir DIR` when the setting `backbone.stateDirectory` is set (the CLI's default otherwise). */
  stateDirArgs(): string[] {
    const dir = vscode.workspace.getConfiguration('backbone').get<string>('stateDirectory')?.trim();
    return dir ? ['--state-dir', dir] : [];
  }

  /** Starts `dist/cli.js ARGS` with Node (Electron as Node in desktop VS Code) and the given tokens. */
  spawn(args: string[], tokens: Record<string, string> = {}, cwd?: string): ChildProcess {
    return spawn(process.execPath, [this.cliPath, ...args], {
      cwd,
      env: cliEnvironment(tokens),
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
  }

  /** Runs to completion and collects the output. */
  run(args: string[], tokens: Record<string, string> = {}, cwd?: string): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = this.spawn(args, tokens, cwd);
      child.stdin?.end();
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr }));
    });
  }

  /** Runs a verb with `--format json` and parses its standard output. */
  async json<T>(args: string[]): Promise<T> {
    const result = await this.run([...args, '--format', 'json', ...this.stateDirArgs()]);
    if (result.exitCode !== 0) {
      throw new Error(
        `backbone-sync ${args[0]} exited with ${result.exitCode}: ${firstLine(result.stderr) || 'no message'}`,
      );
    }
    return JSON.parse(result.stdout) as T;
  }
}

export function firstLine(text: string): string {
  return text.trim().split(/\r?\n/)[0] ?? '';
}
