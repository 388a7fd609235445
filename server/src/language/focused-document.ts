// A parse of the config reduced to what a hover on one field mapping needs: every section except the other
// mappings under `fields`. In a 5k-line config, hovering a mapping then parses a few dozen lines instead of
// waiting for the full parse of the new version. Only for readers of `doc.value` (the personal-data
// analysis of one mapping reads the sites, sides, `personalData` and that mapping, never its neighbours).
import { ConfigDocument } from '../config/document';
import type { ConfigText } from './config-text';

/** The config with only the mapping of `sourceField` under a block `fields:`, or undefined when not applicable. */
export function focusedOnMapping(text: ConfigText, sourceField: string): ConfigDocument | undefined {
  const fieldsLine = text.topLevelLine('fields');
  if (fieldsLine < 0 || text.at(fieldsLine).value !== undefined) return undefined;
  const children = text.childLines(fieldsLine);
  const mapping = children.find((i) => text.at(i).key === sourceField);
  if (mapping === undefined) return undefined;
  const fieldsEnd = text.blockEnd(fieldsLine);
  const lines = [
    ...text.lines.slice(0, fieldsLine + 1),
    ...text.lines.slice(mapping, text.blockEnd(mapping) + 1),
    ...text.lines.slice(fieldsEnd + 1),
  ];
  return new ConfigDocument(text.uri, text.version, lines.join('\n'));
}
