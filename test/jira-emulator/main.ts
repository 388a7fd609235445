// `npm run emulator -- [--port N] [--seed FILE] [--issues N]`: serves a seed until SIGINT/SIGTERM.
// `--issues N` serves a generated seed (the demo's sites with N SUP issues) instead of a file.
import { parseArgs } from 'node:util';
import { generateSeed, startEmulator } from './index';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    seed: { type: 'string', default: 'demo.json' },
    issues: { type: 'string' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535, got "${values.port}"`);
  process.exit(2);
}
const issues = values.issues === undefined ? undefined : Number(values.issues);
if (issues !== undefined && (!Number.isInteger(issues) || issues < 0)) {
  console.error(`--issues must be a whole number, got "${values.issues}"`);
  process.exit(2);
}
try {
  const seed = issues === undefined ? values.seed : generateSeed({ issues });
  const emulator = await startEmulator({ port, seed });
  console.log(`Jira emulator listening on ${emulator.url}`);
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`Jira emulator could not start: ${(error as Error).message}`);
  process.exit(1);
}
