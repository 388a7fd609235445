// The outline of a config: the sync name, its sites, `source → target`, each field mapping as
// `source → target`, issue type and status maps, and the other sections, from the parse of this version.
import { isMap, isPair, isScalar } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import { SymbolKind } from 'vscode-languageserver-types';
import type { DocumentSymbol, Range } from 'vscode-languageserver-types';
import type { ConfigDocument } from '../config/document';
import { keyText } from '../config/document';

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && typeof node.value !== 'object'
    ? String(node.value)
    : undefined;
}

/** The text range of a pair, from its key to the end of its value (without a trailing line break). */
export function pairRange(doc: ConfigDocument, pair: Pair): Range | undefined {
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  const start = key?.range?.[0];
  if (start === undefined) return undefined;
  let end = value?.range?.[1] ?? key?.range?.[1] ?? start;
  while (end > start && /\s/.test(doc.text[end - 1] ?? '')) end--;
  return doc.range(start, end);
}

function symbol(
  doc: ConfigDocument,
  pair: Pair,
  name: string,
  kind: SymbolKind,
  detail?: string,
  children?: DocumentSymbol[],
): DocumentSymbol | undefined {
  const range = pairRange(doc, pair);
  const key = pair.key as Node | null;
  if (!range || !key) return undefined;
  return { name: name || ' ', kind, detail, range, selectionRange: doc.nodeRange(key), children };
}

function pairsOf(doc: ConfigDocument, node: unknown): Pair[] {
  const resolved = doc.resolve(node as Node | null);
  return isMap(resolved) ? (resolved as YAMLMap).items.filter((p): p is Pair => isPair(p)) : [];
}

function valueOf(doc: ConfigDocument, map: unknown, key: string): string | undefined {
  const resolved = doc.resolve(map as Node | null);
  if (!isMap(resolved)) return undefined;
  return scalarText(doc.pairOf(resolved, key)?.value);
}

function mappingSymbol(doc: ConfigDocument, pair: Pair, source: string): DocumentSymbol | undefined {
  const value = doc.resolve(pair.value as Node | null);
  const target = scalarText(value) ?? valueOf(doc, value, 'target') ?? '?';
  const kinds = isMap(value)
    ? ['correlate', 'prefix', 'as', 'direction']
        .filter((k) => doc.pairOf(value, k))
        .map((k) => (k === 'as' ? 'as text' : k))
    : [];
  return symbol(doc, pair, `${source} → ${target}`, SymbolKind.Field, kinds.join(', ') || undefined);
}

function nameMapSymbols(doc: ConfigDocument, node: unknown): DocumentSymbol[] {
  return pairsOf(doc, node)
    .map((p) =>
      symbol(doc, p, `${keyText(p.key) ?? '?'} → ${scalarText(p.value) ?? '?'}`, SymbolKind.EnumMember),
    )
    .filter((s): s is DocumentSymbol => s !== undefined);
}

function sideText(doc: ConfigDocument, pair: Pair | undefined): string {
  if (!pair) return '?';
  return `${valueOf(doc, pair.value, 'site') ?? '?'}/${valueOf(doc, pair.value, 'project') ?? '?'}`;
}

/** One `site/PROJECT → site/PROJECT` symbol for `source` and `target`, spanning both when they are adjacent. */
function sidesSymbol(doc: ConfigDocument, first: Pair, key: 'source' | 'target'): DocumentSymbol | undefined {
  const rootMap = doc.resolve(doc.root);
  if (!isMap(rootMap)) return undefined;
  const otherKey = key === 'source' ? 'target' : 'source';
  const other = doc.pairOf(rootMap, otherKey);
  const [source, target] = key === 'source' ? [first, other] : [other, first];
  const made = symbol(
    doc,
    first,
    `${sideText(doc, source)} → ${sideText(doc, target)}`,
    SymbolKind.Interface,
    'source → target',
  );
  const index = rootMap.items.indexOf(first);
  const otherRange = other && rootMap.items[index + 1] === other ? pairRange(doc, other) : undefined;
  if (made && otherRange) made.range = { start: made.range.start, end: otherRange.end };
  return made;
}

/** The document symbols of a config, in document order. */
export function documentSymbols(doc: ConfigDocument): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  const root = doc.root;
  let sidesDone = false;
  for (const pair of pairsOf(doc, root)) {
    const key = keyText(pair.key);
    if (key === undefined) continue;
    let made: DocumentSymbol | undefined;
    switch (key) {
      case 'name':
        made = symbol(doc, pair, scalarText(pair.value) ?? 'name', SymbolKind.Package, 'sync');
        break;
      case 'sites':
        made = symbol(
          doc,
          pair,
          'sites',
          SymbolKind.Namespace,
          undefined,
          pairsOf(doc, pair.value)
            .map((p) =>
              symbol(doc, p, keyText(p.key) ?? '?', SymbolKind.Module, valueOf(doc, p.value, 'url')),
            )
            .filter((s): s is DocumentSymbol => s !== undefined),
        );
        break;
      case 'source':
      case 'target':
        if (!sidesDone) made = sidesSymbol(doc, pair, key);
        sidesDone = true;
        break;
      case 'fields':
        made = symbol(
          doc,
          pair,
          'fields',
          SymbolKind.Struct,
          undefined,
          pairsOf(doc, pair.value)
            .map((p) => mappingSymbol(doc, p, keyText(p.key) ?? '?'))
            .filter((s): s is DocumentSymbol => s !== undefined),
        );
        break;
      case 'issueTypes':
      case 'statuses':
        made = symbol(doc, pair, key, SymbolKind.Enum, undefined, nameMapSymbols(doc, pair.value));
        break;
      default:
        made = symbol(doc, pair, key, SymbolKind.Property, scalarText(pair.value));
    }
    if (made) out.push(made);
  }
  return out;
}
