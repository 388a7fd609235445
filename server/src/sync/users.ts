// Resolves source users on the target (DESIGN.md §6): by account ID (the same Atlassian account on every Cloud
// site) or by email, else `fallbackUser`, else the caller opens a user-not-found entry. Emails are used in memory
// for the lookup only and never stored; results are cached per run by account ID.
import type { SyncConfig } from '../config/model';
import type { JiraSite } from '../jira/client';
import { JiraRequestError } from '../jira/errors';

export type UserResolution = { ok: true; accountId: string; viaFallback: boolean } | { ok: false };

export class UserResolver {
  private readonly cache = new Map<string, Promise<string | null>>();
  private readonly mode: 'account-id' | 'email';
  private readonly fallback: string | null;

  constructor(
    config: SyncConfig,
    private readonly source: JiraSite,
    private readonly target: JiraSite,
  ) {
    this.mode = config.personalData?.users ?? 'account-id';
    this.fallback = config.personalData?.fallbackUser ?? null;
  }

  private me: Promise<string | null> | undefined;

  /** The sync user's account on the target (it watches what it creates; we never remove it). */
  self(): Promise<string | null> {
    this.me ??= this.target.api.myself.getCurrentUser().then((u) => u.accountId ?? null);
    return this.me;
  }

  /** The target account for a source account. */
  async resolve(sourceAccountId: string): Promise<UserResolution> {
    let pending = this.cache.get(sourceAccountId);
    if (!pending) {
      pending = this.lookup(sourceAccountId);
      this.cache.set(sourceAccountId, pending);
    }
    const found = await pending;
    if (found) return { ok: true, accountId: found, viaFallback: false };
    if (this.fallback) return { ok: true, accountId: this.fallback, viaFallback: true };
    return { ok: false };
  }

  private async lookup(sourceAccountId: string): Promise<string | null> {
    if (this.mode === 'account-id')
      return (await activeUser(this.target, sourceAccountId)) ? sourceAccountId : null;
    const source = await userJson(this.source, sourceAccountId);
    const email = typeof source?.emailAddress === 'string' ? source.emailAddress.toLowerCase() : null;
    if (!email) return null; // hidden by the user's privacy settings
    const matches = await this.target.request<
      { accountId?: string; emailAddress?: string; active?: boolean }[]
    >('GET', '/rest/api/3/user/search', undefined, { query: email, maxResults: 10 });
    const exact = (Array.isArray(matches) ? matches : []).filter(
      (u) => typeof u.accountId === 'string' && u.active !== false && u.emailAddress?.toLowerCase() === email,
    );
    return exact.length === 1 ? (exact[0]?.accountId ?? null) : null;
  }
}

async function userJson(
  site: JiraSite,
  accountId: string,
): Promise<{ accountId?: string; active?: boolean; emailAddress?: string } | null> {
  try {
    return await site.request('GET', '/rest/api/3/user', undefined, { accountId });
  } catch (error) {
    if (error instanceof JiraRequestError && (error.status === 404 || error.status === 400)) return null;
    throw error;
  }
}

async function activeUser(site: JiraSite, accountId: string): Promise<boolean> {
  const user = await userJson(site, accountId);
  return user !== null && user.active !== false;
}
