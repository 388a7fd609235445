// The language status item of a config: when it was last validated, and its personal-data summary,
// e.g. "Personal data: exchange on → partner (not under your control)". Derived from the server's
// diagnostics (their codes are stable, DESIGN.md §5) so the client needs no YAML parser of its own.
import * as vscode from 'vscode';
import { LANGUAGE_ID } from './language-client';

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
}

/** The target site's name: `target: { site: X` or a block `target:` with `site: X` under it. */
export function targetSite(text: string): string | undefined {
  const flow = /^target:\s*\{[^}]*\bsite:\s*["']?([\w.-]+)/m.exec(text);
  if (flow) return flow[1];
  const block = /^target:\s*(?:#.*)?\r?\n((?:[ \t]+.*\r?\n?)*)/m.exec(text);
  return block ? /^\s+site:\s*["']?([\w.-]+)/m.exec(block[1] ?? '')?.[1] : undefined;
}

export function personalDataSummary(
  text: string,
  diagnostics: readonly vscode.Diagnostic[],
): { text: string; severity: vscode.LanguageStatusSeverity } {
  const ours = diagnostics.filter((d) => d.source === 'backbone-sync');
  const field = ours.filter((d) => codeOf(d) === 'personal-data-field');
  const uncontrolled = ours.some((d) => codeOf(d) === 'personal-data-uncontrolled-target');
  const asText = ours.some((d) => codeOf(d) === 'personal-data-as-text');
  const site = targetSite(text);
  if (field.some((d) => d.severity === vscode.DiagnosticSeverity.Error)) {
    return {
      text: 'Personal data: user fields mapped while exchange is off (the run is refused)',
      severity: vscode.LanguageStatusSeverity.Error,
    };
  }
  if (field.length > 0) {
    return {
      text: `Personal data: exchange on → ${site ?? 'target'}${uncontrolled ? ' (not under your control)' : ''}`,
      severity: uncontrolled
        ? vscode.LanguageStatusSeverity.Warning
        : vscode.LanguageStatusSeverity.Information,
    };
  }
  if (asText)
    return {
      text: 'Personal data: users copied as free text',
      severity: vscode.LanguageStatusSeverity.Warning,
    };
  return {
    text: 'Personal data: no user fields synced',
    severity: vscode.LanguageStatusSeverity.Information,
  };
}

export class LanguageStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('backbone.personalData', {
    language: LANGUAGE_ID,
  });
  private readonly validated = new Map<string, Date>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.item.name = 'Backbone Sync';
    this.item.text = 'Personal data: …';
    this.item.command = { command: 'backbone.personalDataReport', title: 'Personal Data Report' };
    this.subscriptions = [
      vscode.languages.onDidChangeDiagnostics((event) => {
        const now = new Date();
        for (const uri of event.uris) this.validated.set(uri.toString(), now);
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && event.uris.some((u) => u.toString() === active)) this.update();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    ];
    this.update();
  }

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== LANGUAGE_ID) return;
    const summary = personalDataSummary(document.getText(), vscode.languages.getDiagnostics(document.uri));
    this.item.text = summary.text;
    this.item.severity = summary.severity;
    const when = this.validated.get(document.uri.toString());
    this.item.detail = when ? `validated ${when.toLocaleTimeString()}` : 'validating…';
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
