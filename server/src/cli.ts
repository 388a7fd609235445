// `backbone-sync` (dist/cli.js): dispatches to one module per verb (DESIGN.md §7).
import type { CliIO, VerbMain } from './cli/io';
import { main as validate } from './cli/validate';
import { main as report } from './cli/report';
import { main as run } from './cli/run';
import { main as retry } from './cli/retry';
import { main as ignore } from './cli/ignore';
import { main as entries } from './cli/entries';
import { main as status } from './cli/status';
import { main as metadata } from './cli/metadata';
import { main as eraseAccount } from './cli/erase-account';

const verbs: Record<string, { main: VerbMain; summary: string }> = {
  validate: { main: validate, summary: 'validate FILE…             check configs; exit 1 on any error' },
  report: {
    main: report,
    summary: 'report FILE…               data-protection report of what personal data flows where',
  },
  run: { main: run, summary: 'run CONFIG                 sync source → target (--dry-run shows the plan)' },
  entries: { main: entries, summary: 'entries                    list troubleshooting entries' },
  retry: { main: retry, summary: 'retry ENTRY_ID|--all       export and map the issue again' },
  ignore: {
    main: ignore,
    summary: 'ignore ENTRY_ID            ignore an entry (--stop-syncing: and its issue from now on)',
  },
  status: { main: status, summary: 'status                     each sync with its last run' },
  metadata: {
    main: metadata,
    summary: "metadata CONFIG            snapshot the sites' fields, screens and workflows",
  },
  'erase-account': {
    main: eraseAccount,
    summary: 'erase-account ACCOUNT_ID   remove every stored reference to one account',
  },
};

export function usage(): string {
  return [
    'Usage: backbone-sync <verb> [options]',
    '',
    ...Object.values(verbs).map((v) => `  ${v.summary}`),
    '',
    'Docs: docs/cli.md',
    '',
  ].join('\n');
}

/** Runs one CLI invocation in-process and returns its exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
    (verb === undefined ? io.stderr : io.stdout)(usage());
    return verb === undefined ? 2 : 0;
  }
  if (verb === '--version') {
    io.stdout('0.1.0\n');
    return 0;
  }
  const entry = verbs[verb];
  if (!entry) {
    io.stderr(`backbone-sync: unknown verb '${verb}'.\n\n${usage()}`);
    return 2;
  }
  return entry.main(rest, io);
}

function isMain(): boolean {
  // Bundled as dist/cli.js, or run directly with tsx; not when a test imports runCli.
  const entry = process.argv[1] ?? '';
  return /(?:^|[\\/])(?:cli\.js|cli\.ts|backbone-sync)$/.test(entry);
}

if (isMain()) {
  runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `backbone-sync: internal error: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exitCode = 2;
    },
  );
}
