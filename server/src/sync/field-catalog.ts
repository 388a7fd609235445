// What kind of value each Jira field holds, read from GET /rest/api/3/field (schema.type, schema.items,
// schema.custom), so that values are written in the shape the target expects (ADF for rich text, objects for
// options, account IDs for users).
import type { JiraSite } from '../jira/client';
import { SYSTEM_FIELD_KINDS, kindOfField } from '../jira/field-kinds';
import type { FieldKind } from '../jira/field-kinds';

export type { FieldKind };

export interface FieldInfo {
  id: string;
  kind: FieldKind;
}

interface FieldJson {
  id?: string;
  schema?: { type?: string; items?: string; custom?: string; system?: string };
}

export class FieldCatalog {
  constructor(private readonly fields: Map<string, FieldInfo>) {}

  /** Reads the site's fields (one request). */
  static async load(site: JiraSite): Promise<FieldCatalog> {
    const list = await site.request<FieldJson[]>('GET', '/rest/api/3/field');
    const map = new Map<string, FieldInfo>();
    for (const field of Array.isArray(list) ? list : []) {
      if (typeof field.id === 'string')
        map.set(field.id, { id: field.id, kind: kindOfField(field.id, field.schema) });
    }
    return new FieldCatalog(map);
  }

  kind(id: string): FieldKind {
    return this.fields.get(id)?.kind ?? SYSTEM_FIELD_KINDS[id] ?? 'unknown';
  }

  has(id: string): boolean {
    return this.fields.has(id) || id in SYSTEM_FIELD_KINDS;
  }

  isUser(id: string): boolean {
    const kind = this.kind(id);
    return kind === 'user' || kind === 'users';
  }
}
