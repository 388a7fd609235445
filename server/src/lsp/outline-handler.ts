// textDocument/documentSymbol and textDocument/foldingRange → language/symbols.ts and folding.ts, on the
// cached parse of the current version.
import { foldingRanges } from '../language/folding';
import { documentSymbols } from '../language/symbols';
import type { HandlerContext } from './features';

export function registerOutline(context: HandlerContext): void {
  context.connection.onDocumentSymbol((params) => {
    const document = context.documents.get(params.textDocument.uri);
    return document ? documentSymbols(context.cache.get(document)) : null;
  });
  context.connection.onFoldingRanges((params) => {
    const document = context.documents.get(params.textDocument.uri);
    return document ? foldingRanges(context.cache.get(document)) : null;
  });
}
