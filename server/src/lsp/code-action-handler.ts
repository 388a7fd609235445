// textDocument/codeAction → language/code-actions.ts, for the diagnostics the client sends back (their
// `data` drives each fix), on the cached parse of the current version.
import { codeActions } from '../language/code-actions';
import type { HandlerContext } from './features';

export function registerCodeActions(context: HandlerContext): void {
  context.connection.onCodeAction((params) => {
    const document = context.documents.get(params.textDocument.uri);
    if (!document) return null;
    const only = params.context.only;
    if (only && !only.some((kind) => kind === 'quickfix' || 'quickfix'.startsWith(`${kind}.`) || kind === ''))
      return [];
    return codeActions(context.cache.get(document), params.context.diagnostics, document.uri);
  });
}
