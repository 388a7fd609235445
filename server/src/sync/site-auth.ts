// Resolves a site's `${env:NAME}` references (URL, email, token) from the environment of this process only.
import type { SyncConfig } from '../config/model';
import type { SiteCredentials } from '../jira/client';

const ENV_REF = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;

export type CredentialsResult = { ok: true; credentials: SiteCredentials } | { ok: false; message: string };

function resolve(value: string | undefined, env: NodeJS.ProcessEnv): { value?: string; missing?: string } {
  if (value === undefined) return {};
  const match = ENV_REF.exec(value.trim());
  if (!match) return { value };
  const name = match[1] as string;
  const resolved = env[name];
  return resolved ? { value: resolved } : { missing: name };
}

/** The URL and credentials of one site of the config, with environment references resolved. */
export function siteCredentials(
  config: SyncConfig,
  siteName: string,
  env: NodeJS.ProcessEnv,
): CredentialsResult {
  const site = config.sites[siteName];
  if (!site)
    return { ok: false, message: `The config names site '${siteName}', which is not under \`sites\`.` };
  const url = resolve(site.url, env);
  const email = resolve(site.auth?.email, env);
  const token = resolve(site.auth?.token, env);
  const missing = [url.missing, email.missing, token.missing].filter((m): m is string => m !== undefined);
  if (missing.length > 0) {
    return {
      ok: false,
      message: `Site '${siteName}' needs the environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: set ${missing.length > 1 ? 'them' : 'it'} (or store the token in VS Code) and run again.`,
    };
  }
  if (!url.value) return { ok: false, message: `Site '${siteName}' has no url.` };
  if (!email.value || !token.value) {
    return {
      ok: false,
      message: `Site '${siteName}' has no auth: set auth.email and auth.token: "\${env:NAME}".`,
    };
  }
  return {
    ok: true,
    credentials: { name: siteName, url: url.value, email: email.value, token: token.value },
  };
}
