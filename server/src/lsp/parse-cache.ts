// One parse per document version (Red Hat's yaml-documents cache): every feature reads the same ConfigDocument.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigDocument } from '../config/document';

export class ParseCache {
  private readonly parsed = new Map<string, ConfigDocument>();

  /** The parse of this exact version, made once. */
  get(document: TextDocument): ConfigDocument {
    const cached = this.parsed.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const fresh = new ConfigDocument(document.uri, document.version, document.getText());
    this.parsed.set(document.uri, fresh);
    return fresh;
  }

  forget(uri: string): void {
    this.parsed.delete(uri);
  }
}
