// CodeLens data above `name:`: "▶ Run sync" and "Dry run". The client registers the commands; the
// argument is the config's URI.
import type { CodeLens } from 'vscode-languageserver-types';
import type { ConfigText } from './config-text';

export const RUN_SYNC_COMMAND = 'backbone.runSync';
export const DRY_RUN_COMMAND = 'backbone.dryRun';

/** The lenses of a config: none until it has a top-level `name:`. */
export function codeLenses(text: ConfigText): CodeLens[] {
  const line = text.topLevelLine('name');
  if (line < 0) return [];
  const facts = text.at(line);
  const range = { start: { line, character: 0 }, end: { line, character: facts.valueEnd ?? facts.keyEnd } };
  return [
    { range, command: { title: '▶ Run sync', command: RUN_SYNC_COMMAND, arguments: [text.uri] } },
    { range, command: { title: 'Dry run', command: DRY_RUN_COMMAND, arguments: [text.uri] } },
  ];
}
