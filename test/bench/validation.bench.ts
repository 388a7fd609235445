// Validation time per edit on generated configs of 300, 1k, 5k and 20k lines (issue 2, Performance):
// ours in-process, ours over the real protocol (didChange → publishDiagnostics, minus the debounce), the
// CLI (`node dist/cli.js validate FILE`, process start included), and yaml-language-server's
// `doValidation` with our schema on the same texts, measured side by side in the same run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server/lib/umd/languageservice/yamlLanguageService';
import type { LanguageService } from 'yaml-language-server/lib/umd/languageservice/yamlLanguageService';
import { ConfigDocument } from '../../server/src/config/document';
import { validateDocument } from '../../server/src/config/validate';
import { startLanguageServer } from '../lsp/helpers';
import type { LspSession } from '../lsp/helpers';
import { editConfig, editedLabelsLine, editedLinePosition, generateConfig } from './generate-config';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI_JS = join(ROOT, 'dist', 'cli.js');
const SCHEMA_PATH = join(ROOT, 'schemas', 'sync-config.schema.json');
const DEBOUNCE_MS = 10;

interface Size {
  lines: number;
  /** Edits measured per engine (more for small files, where one run is short and noisy). */
  edits: number;
  /** Runs before measuring (ajv compile, JIT). */
  warmUp: number;
  /** Ratio target: ours ≤ target × yaml-language-server. */
  target: number;
}

const SIZES: Size[] = [
  { lines: 300, edits: 30, warmUp: 3, target: 0.5 },
  { lines: 1_000, edits: 20, warmUp: 2, target: 0.5 },
  // Warmed up by the smaller sizes. yaml-language-server takes seconds per run on the larger files: few runs
  // keep the bench within a few minutes.
  { lines: 5_000, edits: 5, warmUp: 0, target: 0.35 },
  { lines: 20_000, edits: 2, warmUp: 0, target: 0.35 },
];

/** CPU time of this process in ms: less disturbed than wall time when the machine is busy. */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function yamlLanguageService(): LanguageService {
  const schemaText = readFileSync(SCHEMA_PATH, 'utf8');
  const schemaUri = pathToFileURL(SCHEMA_PATH).href;
  const service = getLanguageService({
    schemaRequestService: async (uri) => {
      if (uri === schemaUri) return schemaText;
      throw new Error(`no network in benchmarks: ${uri}`);
    },
    workspaceContext: { resolveRelativePath: (path, resource) => new URL(path, resource).href },
  });
  service.configure({
    validate: true,
    hover: false,
    completion: false,
    format: false,
    yamlVersion: '1.2',
    schemas: [{ uri: schemaUri, fileMatch: ['*.sync.yaml'], schema: JSON.parse(schemaText) as object }],
  });
  return service;
}

interface Row {
  lines: number;
  bytes: number;
  ours: number;
  yls: number;
  oursCpu: number;
  ylsCpu: number;
  protocol: number;
  cli: number;
  oursCount: number;
  ylsCount: number;
  target: number;
}

async function measureSize(
  size: Size,
  yls: LanguageService,
  server: LspSession,
  stateDir: string,
  dir: string,
): Promise<Row> {
  const text = generateConfig(size.lines, { withErrors: true });
  const uri = pathToFileURL(join(dir, `generated-${size.lines}.sync.yaml`)).href;
  const versions = Array.from({ length: size.edits + size.warmUp }, (_, i) => editConfig(text, i + 1));

  // In-process, interleaved with yaml-language-server so that both see the same machine load.
  const ours: number[] = [];
  const theirs: number[] = [];
  let oursCount = 0;
  let ylsCount = 0;
  const oursCpu: number[] = [];
  const theirsCpu: number[] = [];
  for (const [i, version] of versions.entries()) {
    let start = performance.now();
    let cpu = cpuMs();
    oursCount = validateDocument(new ConfigDocument(uri, i + 1, version), { stateDir }).length;
    const oursTime = performance.now() - start;
    const oursCpuTime = cpuMs() - cpu;
    start = performance.now();
    cpu = cpuMs();
    ylsCount = (await yls.doValidation(TextDocument.create(uri, 'yaml', i + 1, version), false)).length;
    const ylsTime = performance.now() - start;
    const ylsCpuTime = cpuMs() - cpu;
    if (i < size.warmUp) continue;
    ours.push(oursTime);
    theirs.push(ylsTime);
    oursCpu.push(oursCpuTime);
    theirsCpu.push(ylsCpuTime);
  }

  // Over the protocol: incremental one-line edits, as an editor sends them.
  await server.openAndWait(uri, text, 1, 120_000);
  const { line, length } = editedLinePosition(text);
  const protocol: number[] = [];
  for (let i = 0; i < size.edits + 1; i++) {
    const previous = i === 0 ? '  labels: { target: labels, prefix: "sup-" }' : editedLabelsLine(i);
    const start = performance.now();
    const version = await server.edit(
      uri,
      { start: { line, character: 0 }, end: { line, character: i === 0 ? length : previous.length } },
      editedLabelsLine(i + 1),
    );
    await server.diagnosticsFor(uri, version, 120_000);
    if (i > 0) protocol.push(performance.now() - start - DEBOUNCE_MS);
  }
  await server.close(uri);

  // The CLI: a whole process per run, as in CI.
  const file = join(dir, `generated-${size.lines}.sync.yaml`);
  writeFileSync(file, text);
  const cli: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, [CLI_JS, 'validate', file, '--state-dir', stateDir], {
      encoding: 'utf8',
    });
    cli.push(performance.now() - start);
    if (result.status !== 1)
      throw new Error(`validate of a config with errors exited ${result.status}: ${result.stderr}`);
  }

  return {
    lines: text.split('\n').length - 1,
    bytes: Buffer.byteLength(text),
    ours: median(ours),
    yls: median(theirs),
    oursCpu: median(oursCpu),
    ylsCpu: median(theirsCpu),
    protocol: median(protocol),
    cli: median(cli),
    oursCount,
    ylsCount,
    target: size.target,
  };
}

/** `node dist/cli.js --version`: what every CLI run pays before validating anything. */
function cliStartup(): number {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    spawnSync(process.execPath, [CLI_JS, '--version']);
    runs.push(performance.now() - start);
  }
  return median(runs);
}

export default async function validationBench(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'backbone-bench-'));
  const stateDir = join(dir, 'state');
  const yls = yamlLanguageService();
  const server = await startLanguageServer({
    initializationOptions: { validationDelay: DEBOUNCE_MS, stateDirectory: stateDir },
  });
  const rows: Row[] = [];
  try {
    for (const size of SIZES) {
      console.log(`  ${size.lines} lines…`);
      rows.push(await measureSize(size, yls, server, stateDir, dir));
    }
  } finally {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
  const startup = cliStartup();
  const growth = (get: (r: Row) => number) => get(rows[3]!) / get(rows[2]!);

  const table = [
    '| lines | size | ours, in-process | ours, over LSP | CLI `validate` | yaml-language-server | ratio (ours / yls) | target | met | CPU: ours / yls |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|:---:|---:|',
    ...rows.map((r) => {
      const ratio = r.ours / r.yls;
      return `| ${r.lines.toLocaleString('en')} | ${(r.bytes / 1024).toFixed(0)} KB | ${ms(r.ours)} ms | ${ms(r.protocol)} ms | ${ms(r.cli)} ms | ${ms(r.yls)} ms | ${ratio.toFixed(2)}× | ≤ ${r.target}× | ${ratio <= r.target ? 'yes' : '**no**'} | ${ms(r.oursCpu)} / ${ms(r.ylsCpu)} ms (${(r.oursCpu / r.ylsCpu).toFixed(2)}×) |`;
    }),
  ];
  const oursGrowth = growth((r) => r.ours);
  const ylsGrowth = growth((r) => r.yls);
  const oursCpuGrowth = growth((r) => r.oursCpu);
  const lineGrowth = rows[3]!.lines / rows[2]!.lines;
  const linear = (g: number) => (g <= lineGrowth * 1.25 ? 'linear' : '**faster than linear**');
  return [
    '## Validation per edit (`validation`)',
    '',
    'Generated configs (`test/bench/generate-config.ts`: many field mappings in block and flow style, `correlate` tables, comments, about one error per 150 lines). Each edit is a new document version. Medians over several edits, after warm-up runs.',
    '',
    '- **ours, in-process**: `new ConfigDocument()` + `validateDocument()` with every validator, as the server runs them.',
    `- **ours, over LSP**: an incremental \`didChange\` to \`node dist/server.js --stdio\` until its \`publishDiagnostics\` for that version arrives, minus the ${DEBOUNCE_MS} ms debounce.`,
    `- **CLI**: \`node dist/cli.js validate FILE\`, a whole process; process start alone (\`--version\`) takes ${ms(startup)} ms.`,
    '- **yaml-language-server** 1.25: in-process `getLanguageService().doValidation()` with our schema, on the same texts, interleaved with ours.',
    '- Most configs take our own parser for their plain shape (`server/src/config/fast-parse.ts`, checked against the yaml package by a differential test); other texts fall back to the `yaml` package with `uniqueKeys: false` and our own O(n) duplicate-key check (DESIGN.md §11).',
    '',
    ...table,
    '',
    `Growth from 5k to 20k lines (${lineGrowth.toFixed(1)}× the lines): ours ${oursGrowth.toFixed(1)}× in wall time (${linear(oursGrowth)}) and ${oursCpuGrowth.toFixed(1)}× in CPU time (${linear(oursCpuGrowth)}); yaml-language-server ${ylsGrowth.toFixed(1)}×. Wall times suffer when other work runs on the machine; the CPU column (this process's user + system time) does less.`,
    '',
    `Diagnostics found on the largest file: ours ${rows[3]!.oursCount}, yaml-language-server ${rows[3]!.ylsCount} (it has no semantic rules; it also reports each schema error of a \`oneOf\` branch).`,
  ].join('\n');
}
