// Registers the authoring features (completion, hover, symbols, code actions, CodeLens) on the connection.
// Filled in by the authoring work; the diagnostics pipeline does not depend on it.
import type { Connection, ServerCapabilities, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerSettings } from '../protocol/lsp';
import type { ParseCache } from './parse-cache';

export interface FeatureContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  cache: ParseCache;
  settings: () => ServerSettings;
}

export function featureCapabilities(): ServerCapabilities {
  return {};
}

export function registerFeatures(_context: FeatureContext): void {}
