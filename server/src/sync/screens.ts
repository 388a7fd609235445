// Create/edit screen metadata of the target, fetched only when a write failed with field errors: it tells a
// field that is not on the screen from one whose value Jira refused, and names the required fields.
import type { JiraSite } from '../jira/client';

export interface ScreenFields {
  fields: Set<string>;
  required: Set<string>;
}

interface MetaField {
  fieldId?: string;
  key?: string;
  required?: boolean;
}

export class ScreenMetadata {
  private readonly createScreens = new Map<string, Promise<ScreenFields | undefined>>();

  constructor(private readonly target: JiraSite) {}

  /** Fields on the create screen of a project and issue type (by name), cached for the run. */
  createScreen(project: string, issueType: string): Promise<ScreenFields | undefined> {
    const key = `${project}\n${issueType}`;
    let pending = this.createScreens.get(key);
    if (!pending) {
      pending = this.loadCreateScreen(project, issueType).catch(() => undefined);
      this.createScreens.set(key, pending);
    }
    return pending;
  }

  /** Fields on the edit screen of one issue. */
  async editScreen(issueIdOrKey: string): Promise<ScreenFields | undefined> {
    try {
      const meta = await this.target.request<{ fields?: Record<string, MetaField> }>(
        'GET',
        `/rest/api/3/issue/${encodeURIComponent(issueIdOrKey)}/editmeta`,
      );
      const entries = Object.entries(meta.fields ?? {});
      return {
        fields: new Set(entries.map(([id]) => id)),
        required: new Set(entries.filter(([, f]) => f.required === true).map(([id]) => id)),
      };
    } catch {
      return undefined;
    }
  }

  private async loadCreateScreen(project: string, issueType: string): Promise<ScreenFields | undefined> {
    const types = await this.target.request<{ issueTypes?: { id?: string; name?: string }[] }>(
      'GET',
      `/rest/api/3/issue/createmeta/${encodeURIComponent(project)}/issuetypes`,
      undefined,
      { maxResults: 200 },
    );
    const type = (types.issueTypes ?? []).find((t) => t.name === issueType);
    if (!type?.id) return undefined;
    const fields: MetaField[] = [];
    for (let startAt = 0; ;) {
      const page = await this.target.request<{ fields?: MetaField[]; results?: MetaField[]; total?: number }>(
        'GET',
        `/rest/api/3/issue/createmeta/${encodeURIComponent(project)}/issuetypes/${type.id}`,
        undefined,
        { startAt, maxResults: 200 },
      );
      const list = page.fields ?? page.results ?? [];
      fields.push(...list);
      startAt += list.length;
      if (list.length === 0 || startAt >= (page.total ?? 0)) break;
    }
    const idOf = (f: MetaField): string => f.fieldId ?? f.key ?? '';
    return {
      fields: new Set(fields.map(idOf).filter(Boolean)),
      required: new Set(
        fields
          .filter((f) => f.required === true)
          .map(idOf)
          .filter(Boolean),
      ),
    };
  }
}
