// Redaction of LSP traces (DESIGN.md §9.2): with `backbone.trace.server: verbose` the client logs whole
// messages, document text included, and a config may hold a token written literally (`inline-secret`).
// Every value of an `auth` key (token, email, password...) is replaced before the text reaches a channel.
// Pure text in, text out: no `vscode` import, so it is unit-tested.

const AUTH_KEYS = 'token|apiToken|password|secret|email';

// `token: value` in YAML, also inside JSON strings of a trace where quotes are escaped (\").
const YAML_VALUE = new RegExp(
  `((?:^|[\\s{,])(?:${AUTH_KEYS})\\s*:\\s*)(\\\\?"(?:[^"\\\\]|\\\\(?!"))*\\\\?"|'[^']*'|[^\\s,}\\\\]+)`,
  'gim',
);
// `"token": "value"` in JSON (settings or parsed structures in a trace).
const JSON_VALUE = new RegExp(`("(?:${AUTH_KEYS})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');

export function redactSecrets(text: string): string {
  return text.replace(JSON_VALUE, '$1"<redacted>"').replace(YAML_VALUE, (_m, key: string, value: string) => {
    // `${env:NAME}` references name a variable, not a secret: keep them readable.
    if (/^\\?["']?\$\{env:[A-Za-z_][A-Za-z0-9_]*\}\\?["']?$/.test(value)) return `${key}${value}`;
    return `${key}<redacted>`;
  });
}
