import type * as vscode from 'vscode';

/** Activates the extension (filled in by the extension work). */
export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
