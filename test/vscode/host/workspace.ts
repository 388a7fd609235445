// The folder the suite opens: a fresh copy of test/vscode/fixtures/workspace per run, so tests may write
// files (a config pointing at this run's emulator) without touching the clone.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './build-suite';

export const fixtureWorkspace = join(projectRoot, 'test', 'vscode', 'fixtures', 'workspace');

export function makeWorkspace(parent = tmpdir()): string {
  const folder = mkdtempSync(join(parent, 'bbs-ws-'));
  cpSync(fixtureWorkspace, folder, { recursive: true });
  return folder;
}
