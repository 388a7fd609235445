// Basic auth per site: `email:apiToken` must match a user of that site who has that API token.
// A wrong or missing credential gets Jira Cloud's 401 with a plain-text body.
import type { Reply } from './http';
import type { SiteState } from './site-state';

export const UNAUTHORIZED: Reply = {
  status: 401,
  text: 'Client must be authenticated to access this resource.',
  headers: { 'WWW-Authenticate': 'Basic realm="protected-area"' },
};

/** The account ID that the Authorization header authenticates on this site, if any. */
export function authenticate(site: SiteState, header: string | undefined): string | undefined {
  if (!header || !header.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const email = decoded.slice(0, colon).toLowerCase();
  const token = decoded.slice(colon + 1);
  for (const [accountId, user] of Object.entries(site.config.users)) {
    if (
      user.apiToken &&
      user.apiToken === token &&
      user.email.toLowerCase() === email &&
      user.active !== false
    ) {
      return accountId;
    }
  }
  return undefined;
}
