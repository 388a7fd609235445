// Which Jira base URLs we are willing to talk to (DESIGN.md §9.4): https anywhere, plain http only on loopback.

export type SiteUrlCheck = { ok: true; baseUrl: string } | { ok: false; message: string };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Normalises a site URL (no trailing slash) or says why it cannot be used. */
export function checkSiteUrl(raw: string): SiteUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: `'${raw}' is not a URL. Write it as https://your-site.atlassian.net.` };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      message: 'The site URL contains credentials. Put them in `auth`, with the token as ${env:NAME}.',
    };
  }
  if (url.protocol === 'http:') {
    if (!LOOPBACK_HOSTS.has(url.hostname) && !url.hostname.startsWith('127.')) {
      return {
        ok: false,
        message: `Refusing plain http:// for ${url.host}: tokens would travel unencrypted. Use https:// (http is allowed only for loopback).`,
      };
    }
  } else if (url.protocol !== 'https:') {
    return { ok: false, message: `Unsupported URL scheme '${url.protocol}' in '${raw}'. Use https://.` };
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, baseUrl: `${url.protocol}//${url.host}${path}` };
}
