// What a CLI verb may touch of the outside world, so that tests can run verbs in-process.

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  isTTY: boolean;
}

/** A verb takes its arguments (after the verb) and returns its exit code (DESIGN.md §7). */
export type VerbMain = (args: string[], io: CliIO) => Promise<number>;

export const EXIT = { ok: 0, problems: 1, usage: 2, couldNotRun: 3, cancelled: 130 } as const;
