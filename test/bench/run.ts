// `npm run bench [-- NAME…]`: runs every test/bench/*.bench.ts (or the named ones) and rewrites their
// sections of docs/benchmarks.md. Each bench module's default export returns a Markdown section.
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { format, resolveConfig } from 'prettier';

const here = import.meta.dirname;
const docPath = join(here, '../../docs/benchmarks.md');
const wanted = process.argv.slice(2);
const names = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .filter((n) => wanted.length === 0 || wanted.includes(n))
  .sort();

const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

for (const name of names) {
  const started = Date.now();
  console.log(`bench ${name}…`);
  const mod = (await import(join(here, `${name}.bench.ts`))) as { default: () => Promise<string> };
  const body = await mod.default();
  const section = [
    `<!-- bench:${name} -->`,
    body.trim(),
    '',
    `_Measured ${new Date().toISOString().slice(0, 10)} on ${machine} with \`npm run bench -- ${name}\` (${((Date.now() - started) / 1000).toFixed(0)} s)._`,
    `<!-- /bench:${name} -->`,
  ].join('\n');
  // Re-read the file before each write: another bench run may have updated its own section meanwhile.
  let doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Benchmarks\n';
  const pattern = new RegExp(`<!-- bench:${name} -->[\\s\\S]*?<!-- /bench:${name} -->`);
  doc = pattern.test(doc) ? doc.replace(pattern, section) : `${doc.trimEnd()}\n\n${section}\n`;
  // Formatted as `npm test` checks it (prettier), so a bench run never leaves the docs failing the lint.
  writeFileSync(docPath, await format(doc, { ...(await resolveConfig(docPath)), filepath: docPath }));
  console.log(body);
}
