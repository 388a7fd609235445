// The folder the suite opens: a fresh copy of test/vscode/fixtures/workspace per run, so tests may write
// files (a config pointing at this run's emulator) without touching the clone.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './build-suite';

export const fixtureWorkspace = join(projectRoot, 'test', 'vscode', 'fixtures', 'workspace');

/** Where the suite finds this run's emulator (the extension host does not inherit the runner's environment). */
export const RUN_INFO_FILE = 'e2e-run.json';

export interface WorkspaceOptions {
  /** The Jira emulator of this run, written to e2e-run.json for the suite. */
  emulatorUrl?: string;
  /** `backbone.stateDirectory` of the workspace: the state of this run's syncs, never the user's. */
  stateDirectory?: string;
  /** Runs only the tests whose name contains this (BACKBONE_E2E_GREP of the runner). */
  grep?: string;
}

export function makeWorkspace(parent = tmpdir(), options: WorkspaceOptions = {}): string {
  const folder = mkdtempSync(join(parent, 'bbs-ws-'));
  cpSync(fixtureWorkspace, folder, { recursive: true });
  const stateDirectory = options.stateDirectory ?? join(folder, '.state');
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  writeFileSync(
    join(folder, '.vscode', 'settings.json'),
    `${JSON.stringify({ 'backbone.stateDirectory': stateDirectory }, null, 2)}\n`,
  );
  writeFileSync(
    join(folder, RUN_INFO_FILE),
    `${JSON.stringify({ emulatorUrl: options.emulatorUrl ?? null, grep: options.grep ?? null })}\n`,
  );
  return folder;
}
