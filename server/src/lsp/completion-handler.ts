// textDocument/completion → language/completion.ts, on the line view of the current version.
import { complete } from '../language/completion';
import { metadataCatalogue } from '../language/metadata-catalogue';
import type { HandlerContext } from './features';

export function registerCompletion(context: HandlerContext): void {
  context.connection.onCompletion((params) => {
    const document = context.documents.get(params.textDocument.uri);
    if (!document) return null;
    const text = context.textOf(document);
    return complete(text, params.position, {
      catalogue: metadataCatalogue(text, context.settings().stateDirectory),
    });
  });
}
