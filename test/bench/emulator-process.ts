// The Jira emulator in a child process, as `npm run emulator` runs it: the benchmarks that measure the engine or
// the emulator keep it off the measured process's CPU and memory.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

export interface EmulatorProcess {
  url: string;
  stop: () => Promise<void>;
}

/** Starts the emulator on a free port with the seed file at `seedPath`; resolves once it listens. */
export async function startEmulatorProcess(seedPath: string): Promise<EmulatorProcess> {
  const main = join(import.meta.dirname, '../jira-emulator/main.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', main, '--port', '0', '--seed', seedPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
