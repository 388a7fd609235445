// Argument parsing of `backbone-sync run`.

export type RunArgs =
  | {
      ok: true;
      configPath: string;
      dryRun: boolean;
      stateDir?: string;
      events: boolean;
      concurrency?: number;
    }
  | { ok: false; message: string };

export function parseRunArgs(args: string[]): RunArgs {
  let configPath: string | undefined;
  let dryRun = false;
  let stateDir: string | undefined;
  let events = false;
  let concurrency: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const value = (): string | undefined => {
      const eq = arg.indexOf('=');
      return eq >= 0 ? arg.slice(eq + 1) : args[++i];
    };
    const name = arg.split('=')[0];
    if (name === '--dry-run') dryRun = true;
    else if (name === '--state-dir') {
      stateDir = value();
      if (!stateDir) return { ok: false, message: '--state-dir needs a directory.' };
    } else if (name === '--events') {
      const format = value();
      if (format !== 'ndjson')
        return { ok: false, message: `--events takes 'ndjson', not '${format ?? ''}'.` };
      events = true;
    } else if (name === '--concurrency') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1 || n > 64)
        return { ok: false, message: '--concurrency takes a whole number from 1 to 64.' };
      concurrency = n;
    } else if (arg.startsWith('-')) return { ok: false, message: `unknown option '${arg}'.` };
    else if (configPath === undefined) configPath = arg;
    else return { ok: false, message: `one config at a time (got '${configPath}' and '${arg}').` };
  }
  if (!configPath) return { ok: false, message: 'no config given.' };
  return {
    ok: true,
    configPath,
    dryRun,
    events,
    ...(stateDir !== undefined ? { stateDir } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
  };
}
