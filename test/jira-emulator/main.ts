// `npm run emulator -- [--port N] [--seed FILE]`: serves a seed until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { startEmulator } from './index';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '0' }, seed: { type: 'string', default: 'demo.json' } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535, got "${values.port}"`);
  process.exit(2);
}
try {
  const emulator = await startEmulator({ port, seed: values.seed });
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
