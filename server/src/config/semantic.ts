// The semantic rules of DESIGN.md §4 that JSON Schema cannot express: sites that exist, field ids Jira has,
// one mapping per target, the supported direction, summary mapped, tokens only as `${env:…}`, URLs.
import type { ConfigDocument } from './document';
import type { ConfigDiagnostic } from './diagnostic';
import { Severity, makeDiagnostic } from './diagnostic';
import { suggest } from './did-you-mean';
import { asDict, asString, envReference, mappingTarget } from './shape';
import { SYSTEM_FIELDS, isKnownFieldId, systemField } from './system-fields';
import type { Validator } from './validator';

const FIELD_IDS = SYSTEM_FIELDS.map((f) => f.id);

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The environment variable name we propose for a site's token: `PARTNER_JIRA_TOKEN`. */
export function tokenVariableFor(site: string): string {
  return `${site.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}_JIRA_TOKEN`;
}

function checkSites(doc: ConfigDocument, config: Record<string, unknown>, out: ConfigDiagnostic[]): void {
  const sites = asDict(config.sites) ?? {};
  for (const [name, raw] of Object.entries(sites)) {
    const site = asDict(raw);
    const url = asString(site?.url);
    if (url !== undefined && envReference(url) === undefined) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(url);
      } catch {
        parsed = undefined;
      }
      if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
        out.push(
          makeDiagnostic(
            'schema',
            Severity.Error,
            doc.valueRange(['sites', name, 'url']),
            `\`${url}\` is not a URL. Write the site's base URL, e.g. \`https://acme.atlassian.net\`, or \`"\${env:NAME}"\`.`,
            { path: ['sites', name, 'url'] },
          ),
        );
      } else if (parsed.protocol === 'http:' && !isLoopback(parsed.hostname)) {
        out.push(
          makeDiagnostic(
            'schema',
            Severity.Error,
            doc.valueRange(['sites', name, 'url']),
            `Plain \`http://\` is refused for \`${parsed.hostname}\`: tokens would travel unencrypted. Use \`https://\` (http is allowed only for loopback addresses).`,
            { path: ['sites', name, 'url'], suggestions: [url.replace(/^http:/, 'https:')] },
          ),
        );
      }
    }
    const token = asString(asDict(site?.auth)?.token);
    if (token !== undefined && envReference(token) === undefined) {
      const envName = tokenVariableFor(name);
      const looksLikeReference = token.includes('${');
      out.push(
        makeDiagnostic(
          'inline-secret',
          Severity.Error,
          doc.valueRange(['sites', name, 'auth', 'token']),
          looksLikeReference
            ? `\`${token}\` is not a valid environment reference. Write \`"\${env:${envName}}"\` (letters, digits and \`_\`).`
            : `An API token is written into this file. Replace it with \`"\${env:${envName}}"\`, set ${envName} in your environment or with "Backbone Sync: Set Token", and revoke the exposed token in Atlassian's account settings.`,
          { path: ['sites', name, 'auth', 'token'], envName, unsuppressible: true },
        ),
      );
    }
  }
  for (const side of ['source', 'target'] as const) {
    const site = asString(asDict(config[side])?.site);
    if (site !== undefined && site !== '' && !(site in sites)) {
      const names = Object.keys(sites);
      const close = suggest(site, names);
      out.push(
        makeDiagnostic(
          'unknown-site',
          Severity.Error,
          doc.valueRange([side, 'site']),
          `\`${site}\` is not declared under \`sites\`.${close.length ? ` Did you mean \`${close[0]}\`?` : names.length ? ` Declared sites: ${names.map((n) => `\`${n}\``).join(', ')}.` : ' Declare it under `sites` with its `url`.'}`,
          { path: [side, 'site'], suggestions: close.length ? close : names },
        ),
      );
    }
  }
}

function unknownFieldMessage(id: string, side: 'source' | 'target'): string {
  const close = suggest(id, FIELD_IDS, 1);
  const hint = close.length
    ? ` Did you mean \`${close[0]}\`?`
    : ' Use a system field id or `customfield_NNNNN`.';
  return `\`${id}\` is not a Jira field id (${side}).${hint}`;
}

function checkFields(doc: ConfigDocument, config: Record<string, unknown>, out: ConfigDiagnostic[]): void {
  const fields = asDict(config.fields);
  if (!fields) {
    if (config.fields === undefined) {
      out.push(
        makeDiagnostic(
          'required-field-unmapped',
          Severity.Error,
          doc.firstLine(),
          'No field is mapped, so no issue can be created: add `fields:` with at least `summary: summary`.',
          { missingKey: 'fields', path: [] },
        ),
      );
    }
    return;
  }
  const targets = new Map<string, string>();
  // A mapping whose target cannot be read (wrong type, empty) already has a schema error; it may be the
  // summary mapping being typed, so "summary is unmapped" would be a second diagnostic for one problem.
  let unreadableTarget = Object.keys(fields).length === 0;
  for (const [source, mapping] of Object.entries(fields)) {
    if (!isKnownFieldId(source)) {
      out.push(
        makeDiagnostic(
          'unknown-field',
          Severity.Error,
          doc.keyRange(['fields', source]),
          unknownFieldMessage(source, 'source'),
          {
            path: ['fields', source],
            sourceField: source,
            suggestions: suggest(source, FIELD_IDS),
            side: 'source',
          },
        ),
      );
    }
    const target = mappingTarget(mapping);
    if (target === undefined || target === '') {
      unreadableTarget = true;
      continue;
    }
    const targetPath = typeof mapping === 'string' ? ['fields', source] : ['fields', source, 'target'];
    if (systemField(target)?.sourceOnly) {
      out.push(
        makeDiagnostic(
          'unknown-field',
          Severity.Error,
          doc.valueRange(targetPath),
          `\`${target}\` cannot be set on the target: Jira sets it itself. Map it to a text field with \`as: text\`, or remove this mapping.`,
          { path: targetPath, sourceField: source, side: 'target' },
        ),
      );
    } else if (!isKnownFieldId(target)) {
      out.push(
        makeDiagnostic(
          'unknown-field',
          Severity.Error,
          doc.valueRange(targetPath),
          unknownFieldMessage(target, 'target'),
          { path: targetPath, sourceField: source, suggestions: suggest(target, FIELD_IDS), side: 'target' },
        ),
      );
    }
    const first = targets.get(target);
    if (first !== undefined) {
      out.push(
        makeDiagnostic(
          'duplicate-target',
          Severity.Error,
          doc.valueRange(targetPath),
          `Target field \`${target}\` is already written by the mapping of \`${first}\` (line ${doc.lineOf(['fields', first])}). Each target field takes one mapping: remove or retarget one of them.`,
          { path: ['fields', source], sourceField: source, firstSource: first },
        ),
      );
    } else {
      targets.set(target, source);
    }
    const direction = asString(asDict(mapping)?.direction);
    if (direction === 'target-to-source' || direction === 'both') {
      out.push(
        makeDiagnostic(
          'direction-unsupported',
          Severity.Error,
          doc.valueRange(['fields', source, 'direction']),
          `\`direction: ${direction}\` needs two-way sync, which is not supported yet: the engine only syncs source → target. Use \`source-to-target\` or remove \`direction\`.`,
          { path: ['fields', source, 'direction'], suggestions: ['source-to-target'], sourceField: source },
        ),
      );
    }
  }
  const linkField = asString(asDict(config.link)?.field);
  if (linkField) {
    if (!isKnownFieldId(linkField)) {
      out.push(
        makeDiagnostic(
          'unknown-field',
          Severity.Error,
          doc.valueRange(['link', 'field']),
          unknownFieldMessage(linkField, 'target'),
          { path: ['link', 'field'], side: 'target' },
        ),
      );
    } else if (targets.has(linkField)) {
      out.push(
        makeDiagnostic(
          'duplicate-target',
          Severity.Error,
          doc.valueRange(['link', 'field']),
          `Target field \`${linkField}\` is already written by the mapping of \`${targets.get(linkField)}\`; \`link.field\` needs a text field of its own.`,
          { path: ['link', 'field'] },
        ),
      );
    }
  }
  if (!targets.has('summary') && !unreadableTarget) {
    out.push(
      makeDiagnostic(
        'required-field-unmapped',
        Severity.Error,
        doc.keyRange(['fields']),
        'No mapping writes `summary`, so no issue can be created on the target. Add `summary: summary`.',
        { path: ['fields'], missingKey: 'summary' },
      ),
    );
  }
}

export const semanticValidator: Validator = {
  id: 'semantic',
  validate(doc) {
    const config = asDict(doc.value);
    if (!config) return [];
    const out: ConfigDiagnostic[] = [];
    checkSites(doc, config, out);
    checkFields(doc, config, out);
    return out;
  },
};
