// Hover: a key's documentation from the schema, a field id's name, kind and personal data, a site's URL, and
// for `${env:NAME}` whether a token is available, as the client answers (booleans only: the server never
// reads tokens). Extensions (the personal-data notes, later the metadata snapshots) append their Markdown.
import { MarkupKind } from 'vscode-languageserver-types';
import type { Hover, Position } from 'vscode-languageserver-types';
import type { ConfigPath } from '../config/diagnostic';
import type { ConfigDocument } from '../config/document';
import { envReference } from '../config/shape';
import type { ValidationContext } from '../config/validator';
import { personalDataHover } from '../personal-data/hover';
import type { TokenStatusResult } from '../protocol/lsp';
import type { ConfigText } from './config-text';
import { systemFieldCatalogue } from './field-catalogue';
import type { FieldCatalogue, FieldInfo, Side } from './field-catalogue';
import { scanFlow } from './flow';
import { focusedOnMapping } from './focused-document';
import { hoverTargetAt } from './hover-target';
import type { HoverTarget } from './hover-target';
import { schemaAt } from './schema-nav';

/** What an extension gets: the path under the cursor and, on demand, the parse of this version. */
export interface HoverExtensionInput {
  path: ConfigPath;
  part: 'key' | 'value';
  doc: () => ConfigDocument;
  /** For a path under `fields.X`: a parse of the config with only that mapping under `fields` (cheap). */
  focusedDoc: () => ConfigDocument;
  context: ValidationContext;
}

/** Markdown to append to a hover, or undefined. */
export type HoverExtension = (input: HoverExtensionInput) => string | undefined;

// Personal data concerns only these sections; elsewhere the hover answers without parsing the version.
const PERSONAL_DATA_SECTIONS = new Set(['personalData', 'fields', 'comments']);

/** The extensions every hover consults, in order. Add one line per provider. */
export const HOVER_EXTENSIONS: HoverExtension[] = [
  ({ doc, focusedDoc, path, context }) =>
    PERSONAL_DATA_SECTIONS.has(String(path[0]))
      ? personalDataHover(path[0] === 'fields' ? focusedDoc() : doc(), path, context)
      : undefined,
];

export interface HoverOptions {
  catalogue?: FieldCatalogue;
  /** Asks the client about a token; resolves undefined when it does not answer. */
  tokenStatus?: (name: string) => Promise<TokenStatusResult | undefined>;
  /** The parse of this version, made only when an extension needs it. */
  doc?: () => ConfigDocument;
  context?: ValidationContext;
  extensions?: readonly HoverExtension[];
}

function fieldMarkdown(field: FieldInfo, side: Side): string {
  const lines = [
    `**${field.name}** \`${field.id}\` — ${side} field`,
    '',
    `Type: ${field.kind}. ${
      field.personalData
        ? '**Personal data**: its values identify people (synced only with `personalData.exchange: true`; the engine keeps only account IDs).'
        : 'No personal data in its values.'
    }`,
  ];
  if (field.description) lines.push('', field.description);
  if (field.sourceOnly) lines.push('', 'Source only: Jira sets it itself, so it cannot be a target.');
  lines.push('', `_${field.origin}_`);
  return lines.join('\n');
}

function customFieldMarkdown(id: string, side: Side): string {
  if (!/^customfield_\d+$/.test(id))
    return `\`${id}\` is not a Jira field id: use a system field id (\`summary\`, \`assignee\`, …) or \`customfield_NNNNN\`.`;
  return `\`${id}\` — ${side} custom field\n\nIts name and type come from the site's metadata snapshot (\`backbone-sync metadata\`).`;
}

/** The side a field id at a path is on, when the path names a field id. */
function fieldSide(target: HoverTarget): Side | undefined {
  const p = target.path;
  if (p[0] === 'fields') {
    if (p.length === 2) return target.part === 'key' ? 'source' : 'target';
    if (p.length === 3 && p[2] === 'target' && target.part === 'value') return 'target';
  }
  if (p.length === 2 && p[0] === 'link' && p[1] === 'field' && target.part === 'value') return 'target';
  return undefined;
}

function tokenMarkdown(name: string, status: TokenStatusResult | undefined): string {
  if (!status) return `Token \`${name}\`: status **unknown** (the editor did not answer).`;
  if (status.inEnvironment) return `Token \`${name}\`: **set in the environment**.`;
  if (status.inSecretStorage) return `Token \`${name}\`: **stored in VS Code's secret storage**.`;
  return `Token \`${name}\`: **missing**. Set \`${name}\` in your environment, or run "Backbone Sync: Set Token".`;
}

function schemaMarkdown(path: string[]): string | undefined {
  const view = schemaAt(path);
  if (!view?.markdownDescription) return undefined;
  const lines = [view.markdownDescription];
  if (view.enumValues.length > 1)
    lines.push('', `Allowed: ${view.enumValues.map((v) => `\`${String(v)}\``).join(', ')}.`);
  if (view.hasDefault) lines.push('', `Default: \`${String(view.default)}\`.`);
  return lines.join('\n');
}

/** The `url` written for a declared site, read from the text. */
function siteUrl(text: ConfigText, site: string): string | undefined {
  const siteLine = text.lineOfPath(['sites', site]);
  if (siteLine < 0) return undefined;
  for (const i of text.childLines(siteLine)) if (text.at(i).key === 'url') return text.at(i).value;
  const own = text.at(siteLine);
  if (own.valueStart === undefined) return undefined;
  const entry = scanFlow(text.line(siteLine), own.valueStart).entries.find(
    (e) => e.parents.length === 0 && e.key?.text === 'url',
  );
  return entry?.value?.text;
}

function nameMarkdown(target: HoverTarget, text: ConfigText): string | undefined {
  const [top, name] = target.path;
  if (target.part === 'value' && (top === 'source' || top === 'target') && name === 'site') {
    const url = siteUrl(text, target.text);
    return url === undefined
      ? `\`${target.text}\` is not declared under \`sites\`.`
      : `Jira site \`${target.text}\`: ${url}`;
  }
  if (target.path.length !== 2 || name === undefined) return undefined;
  if (top === 'sites' && target.part === 'key')
    return `Jira site \`${name}\`: \`source.site\` and \`target.site\` refer to it by this name.`;
  if (top === 'issueTypes') {
    return target.part === 'key'
      ? `Source issue type \`${name}\`: its issues are created on the target as the type on the right.`
      : `Target issue type \`${target.text}\`, for source issues of type \`${name}\`.`;
  }
  if (top === 'statuses') {
    return target.part === 'key'
      ? `Source status \`${name}\`: the engine transitions the target issue to the status on the right.`
      : `Target status \`${target.text}\`, reached through the target workflow's transitions.`;
  }
  return undefined;
}

/** The hover at a position, or null when there is nothing to say. */
export async function hover(
  text: ConfigText,
  position: Position,
  options: HoverOptions = {},
): Promise<Hover | null> {
  const target = hoverTargetAt(text, position);
  if (!target) return null;
  const catalogue = options.catalogue ?? systemFieldCatalogue;
  const sections: string[] = [];
  const env = target.part === 'value' ? envReference(target.text) : undefined;
  const side = fieldSide(target);
  if (env !== undefined) {
    const status = options.tokenStatus ? await options.tokenStatus(env).catch(() => undefined) : undefined;
    sections.push(tokenMarkdown(env, status));
  } else if (side) {
    const field = catalogue.field(target.text, side);
    sections.push(field ? fieldMarkdown(field, side) : customFieldMarkdown(target.text, side));
  } else {
    const own = nameMarkdown(target, text) ?? schemaMarkdown(target.path);
    if (own) sections.push(own);
  }
  const doc = options.doc;
  if (doc) {
    let parsed: ConfigDocument | undefined;
    let focused: ConfigDocument | undefined;
    const once = () => (parsed ??= doc());
    const focusedOnce = () =>
      (focused ??=
        (target.path[0] === 'fields' && target.path[1] !== undefined
          ? focusedOnMapping(text, target.path[1])
          : undefined) ?? once());
    for (const extension of options.extensions ?? HOVER_EXTENSIONS) {
      const extra = extension({
        path: target.path,
        part: target.part,
        doc: once,
        focusedDoc: focusedOnce,
        context: options.context ?? {},
      });
      if (extra) sections.push(extra);
    }
  }
  if (sections.length === 0) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
    range: {
      start: { line: target.line, character: target.start },
      end: { line: target.line, character: target.end },
    },
  };
}
