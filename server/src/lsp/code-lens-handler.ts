// textDocument/codeLens → language/code-lens.ts.
import { codeLenses } from '../language/code-lens';
import type { HandlerContext } from './features';

export function registerCodeLens(context: HandlerContext): void {
  context.connection.onCodeLens((params) => {
    const document = context.documents.get(params.textDocument.uri);
    return document ? codeLenses(context.textOf(document)) : null;
  });
}
