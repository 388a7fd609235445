// Registers the authoring features (completion, hover, symbols, folding, code actions, CodeLens) on the
// connection. Each handler file only adapts the protocol; the decisions live in server/src/language/.
import type { Connection, ServerCapabilities, TextDocuments } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigText } from '../language/config-text';
import type { ServerSettings } from '../protocol/lsp';
import { registerCodeActions } from './code-action-handler';
import { registerCodeLens } from './code-lens-handler';
import { registerCompletion } from './completion-handler';
import { registerHover } from './hover-handler';
import { registerOutline } from './outline-handler';
import type { ParseCache } from './parse-cache';

export interface FeatureContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  cache: ParseCache;
  settings: () => ServerSettings;
}

/** What the handlers share: the context plus the line view of each document version. */
export interface HandlerContext extends FeatureContext {
  /** The line view of this document version (completion and hover read it instead of waiting for the parse). */
  textOf(document: TextDocument): ConfigText;
}

export function featureCapabilities(): ServerCapabilities {
  return {
    completionProvider: { triggerCharacters: [':', '{', ','], resolveProvider: false },
    hoverProvider: true,
    documentSymbolProvider: true,
    foldingRangeProvider: true,
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    codeLensProvider: { resolveProvider: false },
  };
}

export function registerFeatures(context: FeatureContext): void {
  const texts = new Map<string, ConfigText>();
  const handlers: HandlerContext = {
    ...context,
    textOf(document) {
      const cached = texts.get(document.uri);
      if (cached && cached.version === document.version) return cached;
      const fresh = new ConfigText(document.uri, document.version, document.getText());
      texts.set(document.uri, fresh);
      return fresh;
    },
  };
  context.documents.onDidClose((e) => texts.delete(e.document.uri));
  registerCompletion(handlers);
  registerHover(handlers);
  registerOutline(handlers);
  registerCodeActions(handlers);
  registerCodeLens(handlers);
}
