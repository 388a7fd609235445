// The acceptance test of issue 8, against the Jira emulator: `backbone-sync metadata` on a config, then
// `validate --state-dir`, then `run`. Every troubleshooting entry of a predictable category (field-not-on-screen,
// required-field-missing, invalid-transition, an unknown issue type) must have been predicted by a diagnostic on
// the same config line before the run; no diagnostic may predict a failure that the data exercised but that did
// not happen. Runs the demo (examples/demo.sync.yaml on the demo seed) and a seed that exercises every code.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { ConfigDocument } from '../../server/src/config/document';
import { validateDocument } from '../../server/src/config/validate';
import { loadSeed } from '../jira-emulator/seed-loader';
import { startEmulator } from '../jira-emulator/index';
import type { Prediction, PrintedEntry, SyncShape } from './metadata-prediction-support';
import {
  exercisedBy,
  measure,
  share,
  snapshotFromSeed,
  snapshotHasWorkflows,
} from './metadata-prediction-support';

const execFileAsync = promisify(execFile);
const REPO = join(import.meta.dirname, '..', '..');
const CLI = join(REPO, 'dist', 'cli.js');
const FIXTURES = join(REPO, 'test', 'fixtures', 'metadata-checks');

interface Case {
  name: string;
  config: string;
  seed: string;
  /**
   * `cli`: the snapshots `backbone-sync metadata` writes (the acceptance test proper). `seed`: snapshots derived
   * from the seed with complete workflows, a cross-check that the verb's snapshots predict as much as the seed.
   */
  snapshots: 'cli' | 'seed';
}

const EVERY_CODE_SEED = join(FIXTURES, 'seeds', 'every-code.json');

const CASES: Case[] = [
  { name: 'the demo', config: join(REPO, 'examples', 'demo.sync.yaml'), seed: 'demo.json', snapshots: 'cli' },
  {
    name: 'a seed with every predictable failure',
    config: join(FIXTURES, 'every-code.sync.yaml'),
    seed: EVERY_CODE_SEED,
    snapshots: 'cli',
  },
  {
    name: 'an unmapped source issue type the target lacks',
    config: join(FIXTURES, 'unknown-issue-type.sync.yaml'),
    seed: EVERY_CODE_SEED,
    snapshots: 'cli',
  },
  {
    name: 'every predictable failure, with workflows in the snapshots (derived from the seed)',
    config: join(FIXTURES, 'every-code.sync.yaml'),
    seed: EVERY_CODE_SEED,
    snapshots: 'seed',
  },
];

/** The demo seed users' API tokens (test data, not secrets). */
const TOKENS: Record<string, string> = {
  support: 'demo-support-token',
  engineering: 'demo-engineering-token',
};

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [CLI, ...args], {
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

function envReference(value: unknown): string | undefined {
  return typeof value === 'string' ? /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value)?.[1] : undefined;
}

describe('metadata predictions against the emulator (issue 8 acceptance)', () => {
  for (const c of CASES) {
    const name = `${c.name}: every predictable entry was predicted on its line, and no exercised prediction failed to happen`;
    test(name, async (t) => {
      if (!existsSync(CLI)) return t.skip('dist/cli.js is missing: run `npm run build` first');
      const text = readFileSync(c.config, 'utf8');
      const config = parse(text) as {
        name: string;
        sites: Record<string, { url?: string; auth?: { token?: string } }>;
        source: { site: string; project: string };
        target: { site: string; project: string };
      } & Partial<SyncShape>;
      const seed = loadSeed(c.seed);
      const emulator = await startEmulator({ seed });
      const dir = mkdtempSync(join(tmpdir(), 'backbone-prediction-'));
      const stateDir = join(dir, 'state');
      try {
        const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', HOME: dir };
        const siteUrls: Record<string, string> = {};
        for (const [site, settings] of Object.entries(config.sites)) {
          siteUrls[site] = emulator.siteUrl(site);
          const urlVar = envReference(settings.url);
          const tokenVar = envReference(settings.auth?.token);
          if (urlVar) env[urlVar] = siteUrls[site];
          if (tokenVar) env[tokenVar] = TOKENS[site] ?? `demo-${site}-token`;
        }

        // 1. Metadata snapshots of both sites.
        let snapshotsFrom = '`backbone-sync metadata`';
        if (c.snapshots === 'cli') {
          const fetched = await cli(['metadata', c.config, '--state-dir', stateDir], env);
          assert.equal(fetched.code, 0, `backbone-sync metadata failed: ${fetched.stderr}`);
        } else {
          snapshotsFrom = 'the seed (with workflows and initial statuses)';
          const folder = join(stateDir, 'metadata', config.name);
          mkdirSync(folder, { recursive: true });
          for (const side of ['source', 'target'] as const) {
            const { site } = config[side];
            const projects = [config.source, config.target]
              .filter((s) => s.site === site)
              .map((s) => s.project);
            const snapshot = snapshotFromSeed(seed, site, siteUrls[site] ?? '', config.name, projects);
            writeFileSync(join(folder, `${site}.json`), JSON.stringify(snapshot));
          }
        }
        const workflowsKnown = snapshotHasWorkflows(
          join(stateDir, 'metadata', config.name, `${config.target.site}.json`),
        );

        // 2. What the editor and `validate --state-dir` show before any run (the two must agree).
        const validated = await cli(['validate', '--state-dir', stateDir, '--format', 'json', c.config], env);
        assert.ok(validated.code === 0 || validated.code === 1, `validate failed: ${validated.stderr}`);
        const printed = JSON.parse(validated.stdout) as { line: number; code: string; message: string }[];
        const diagnostics = validateDocument(new ConfigDocument('file:///config', 1, text), { stateDir });
        const predictions: Prediction[] = diagnostics.map((d) => ({
          line: d.range.start.line + 1,
          code: d.code,
          severity: d.severity ?? 1,
          message: d.message,
          data: d.data,
        }));
        assert.deepEqual(
          printed.map((d) => `${d.line} ${d.code} ${d.message}`),
          predictions.map((d) => `${d.line} ${d.code} ${d.message}`),
          'validate --state-dir and the editor disagree',
        );
        assert.ok(
          !predictions.some((d) => d.code === 'metadata-missing'),
          `snapshots were not used: ${predictions.map((d) => d.message).join(' | ')}`,
        );

        // 3. The run, then its troubleshooting entries. The run gets a state directory without the snapshots:
        // the engine's preflight validates with the metadata checks too and would refuse the config for the
        // very errors predicted here, so nothing would fail (and nothing would sync).
        const runStateDir = join(dir, 'run-state');
        const ran = await cli(['run', c.config, '--state-dir', runStateDir], env);
        assert.ok(ran.code === 0 || ran.code === 1, `run failed (exit ${ran.code}): ${ran.stderr}`);
        const listed = await cli(
          ['entries', '--state-dir', runStateDir, '--format', 'json', '--state', 'all'],
          env,
        );
        assert.equal(listed.code, 0, listed.stderr);
        const json = JSON.parse(listed.stdout) as { entries?: PrintedEntry[] } | PrintedEntry[];
        const entries = Array.isArray(json) ? json : (json.entries ?? []);

        // 4. The measure.
        const shape: SyncShape = {
          issueTypes: config.issueTypes ?? {},
          fields: config.fields ?? {},
          statuses: config.statuses ?? {},
        };
        const result = measure(predictions, entries, exercisedBy(shape, emulator.issues(config.source.site)));
        const line = (e: PrintedEntry) =>
          `${e.id} ${e.category} ${e.fieldId ?? ''} line ${e.configLine ?? '-'}`;
        t.diagnostic(`snapshots from ${snapshotsFrom}`);
        t.diagnostic(`entries: ${entries.length}, of a predictable category: ${result.predictable.length}`);
        t.diagnostic(
          `predicted before the run: ${share(result.predicted.length, result.predictable.length)}`,
        );
        t.diagnostic(
          `predictions: ${result.predictions.length}; confirmed by an entry: ${result.confirmed.length}; not exercised by the data: ${result.latent.length}; false: ${result.falsified.length}`,
        );
        for (const d of result.latent) t.diagnostic(`  not exercised: line ${d.line} ${d.code}`);
        assert.ok(
          workflowsKnown,
          `the target snapshot from ${snapshotsFrom} has no workflows (statuses, transitions, initialStatus): invalid-transition entries cannot be predicted`,
        );
        assert.deepEqual(result.unpredicted.map(line), [], 'entries that no diagnostic predicted');
        assert.deepEqual(
          result.falsified.map((d) => `line ${d.line} ${d.code}: ${d.message}`),
          [],
          'predictions of failures that did not happen',
        );
        assert.ok(
          result.predictable.length > 0,
          'the run produced no predictable entry: the case tests nothing',
        );
      } finally {
        await emulator.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
