// The environments of the processes the extension starts. The language server gets an allow-list only:
// it never needs a token, and an inherited environment would hand it every secret of the user's shell.
// The CLI gets the same allow-list plus the tokens its config names, and nothing else.

/** Exact names passed through. */
const ALLOWED = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  'TMP',
  'TEMP',
  'SYSTEMROOT',
  'SystemRoot',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'APPDATA',
  'LOCALAPPDATA',
  'USERPROFILE',
  'HOMEDRIVE',
  'HOMEPATH',
  'PROGRAMDATA',
  'BACKBONE_STATE_DIR',
]);

/** Prefixes passed through: locale and XDG base directories (the store's default lives in XDG_STATE_HOME). */
const ALLOWED_PREFIXES = ['LC_', 'XDG_'];

/** What a CLI talking to Jira also needs: proxies and extra CA certificates. */
const NETWORK = new Set([
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
  'NODE_EXTRA_CA_CERTS',
]);

export function allowListedEnvironment(source: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    if (ALLOWED.has(key) || ALLOWED_PREFIXES.some((prefix) => key.startsWith(prefix))) env[key] = value;
  }
  return env;
}

/**
 * The CLI child's environment: the allow-list, proxies, the tokens of this run, and ELECTRON_RUN_AS_NODE
 * so that `process.execPath` (Electron in desktop VS Code) runs as plain Node.
 */
export function cliEnvironment(
  tokens: Record<string, string>,
  source: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env = allowListedEnvironment(source);
  for (const key of NETWORK) if (source[key] !== undefined) env[key] = source[key];
  return { ...env, ...tokens, ELECTRON_RUN_AS_NODE: '1' };
}
