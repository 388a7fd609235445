// Hover text of the personal-data side: the `personalData` summary, user field mappings, rich text and
// comments (mentions), and custom fields that no metadata snapshot classifies yet.
import type { ConfigPath } from '../config/diagnostic';
import { helpUri } from '../config/diagnostic';
import type { ConfigDocument } from '../config/document';
import type { ValidationContext } from '../config/validator';
import type { FieldClass } from './classify';
import { describeField } from './classify';
import type { Flow, PersonalDataAnalysis } from './flows';
import { analyzePersonalData, classifyMapping, uncontrolledReceivers } from './flows';
import { flowSentence, siteList, storedSentence } from './messages';

const RICH_TEXT = new Set(['description', 'environment']);

function controlOf(analysis: PersonalDataAnalysis, site: string): string {
  return analysis.sites.get(site)?.underYourControl
    ? 'under your control'
    : '**not under your control**: deleting data there needs a manual process';
}

function mentionsSentence(analysis: PersonalDataAnalysis): string {
  return analysis.exchange
    ? 'Mentions of people in it are synced as references to their accounts (account IDs), like user fields.'
    : "Mentions of people in it become a neutral placeholder without the person's name (`personalData.exchange` is off).";
}

function commentsSentence(analysis: PersonalDataAnalysis): string {
  return analysis.exchange
    ? 'Each synced comment names its author by account ID on the target, and mentions stay references to accounts: the `comments` mapping is personal data.'
    : "Comments are posted by the sync user without author attribution, and mentions become a neutral placeholder without the person's name (`personalData.exchange` is off). Their bodies are still free text.";
}

function metadataHowTo(field: FieldClass, analysis: PersonalDataAnalysis): string {
  const why =
    field.unknownReason === 'not-in-snapshot'
      ? 'The metadata snapshot of this site does not list it (created after the snapshot, or on another site?).'
      : field.unknownReason === 'unreadable-snapshot'
        ? 'The metadata snapshot of this site cannot be read.'
        : 'There is no metadata snapshot of this site yet.';
  return [
    `**\`${field.id}\` is not classified yet**: without the site's metadata we cannot tell whether it is a user field (personal data), free text, or neither. ${why}`,
    '',
    `Fetch the metadata: run \`backbone-sync metadata CONFIG\` in a terminal, or "Backbone Sync: Refresh Metadata" from the command palette. Snapshots are kept in \`${analysis.stateDir}/metadata/\`.`,
  ].join('\n');
}

function fieldHover(analysis: PersonalDataAnalysis, flow: Flow): string | undefined {
  const parts: string[] = [];
  const learnMore = (
    code: 'personal-data-field' | 'personal-data-free-text' | 'personal-data-as-text',
  ): string => `[Personal data in Backbone Sync](${helpUri(code)})`;
  if (flow.personalData) {
    const user = flow.source?.kind === 'user' ? flow.source : flow.target;
    parts.push(
      `**Personal data**: ${user ? describeField(user) : `\`${flow.sourceField}\``} identifies people.`,
    );
    parts.push('', `${flowSentence(flow, analysis)}.`);
    for (const site of flow.receivingSites) parts.push('', `\`${site}\` is ${controlOf(analysis, site)}.`);
    parts.push(
      '',
      analysis.exchange
        ? storedSentence(analysis)
        : '`personalData.exchange` is off, so this mapping is an error and `run` refuses the config. Switching it on is a deliberate decision.',
    );
    if (flow.userAsText) {
      parts.push('', "Copied **as text**, the person's name becomes untracked free text on the target.");
    }
    parts.push('', learnMore('personal-data-field'));
  } else if (flow.freeText) {
    parts.push(
      `**Free text**: ${flow.source ? describeField(flow.source) : `\`${flow.sourceField}\``} flows to ${siteList(flow.receivingSites)}. Personal data typed into it (a customer's name, an email address) is not treated as personal data.`,
    );
    if (RICH_TEXT.has(flow.sourceField)) parts.push('', mentionsSentence(analysis));
    parts.push('', learnMore('personal-data-free-text'));
  }
  const unknown = flow.unclassified[0];
  if (unknown) parts.push(...(parts.length ? ['', '---', ''] : []), metadataHowTo(unknown, analysis));
  return parts.length ? parts.join('\n') : undefined;
}

function commentsHover(analysis: PersonalDataAnalysis, flow: Flow | undefined): string {
  const parts = [`**Comments and personal data**`, '', commentsSentence(analysis)];
  if (flow) {
    parts.push(
      '',
      `Comment bodies are free text: personal data typed there flows to ${siteList(flow.receivingSites)}.`,
    );
    if (analysis.exchange) parts.push('', storedSentence(analysis));
  } else {
    parts.push('', 'Comments are not synced (`sync` is not `true`).');
  }
  return parts.join('\n');
}

/** "Assignee", "Customer contact (user picker)", "comment authors". */
export function whatFlows(flow: Flow): string {
  if (flow.kind !== 'field') return `${flow.kind.replace(/s$/, '')} authors`;
  const user =
    flow.source?.kind === 'user' ? flow.source : flow.target?.kind === 'user' ? flow.target : flow.source;
  if (!user?.name) return `\`${flow.sourceField}\``;
  return user.from === 'snapshot' && user.typeLabel ? `${user.name} (${user.typeLabel})` : user.name;
}

/** "`reporter` → `customfield_20011` as text", "comments". */
export function mappingLabel(flow: Flow): string {
  if (flow.kind !== 'field') return `\`${flow.kind}\``;
  const arrow = flow.direction === 'both' ? '⇄' : flow.direction === 'target-to-source' ? '←' : '→';
  return `\`${flow.sourceField}\` ${arrow} \`${flow.targetField ?? '?'}\`${flow.asText ? ' as text' : ''}`;
}

/** "support → partner", "support ⇄ partner". */
export function directionLabel(analysis: PersonalDataAnalysis, flow: Flow): string {
  const source = analysis.sourceSite ?? 'source';
  const target = analysis.targetSite ?? 'target';
  if (flow.direction === 'both') return `${source} ⇄ ${target}`;
  if (flow.direction === 'target-to-source') return `${target} → ${source}`;
  return `${source} → ${target}`;
}

/** The plain-language summary on the `personalData` key: what flows, which way, where, what is stored. */
export function personalDataSummary(analysis: PersonalDataAnalysis): string {
  const lines: string[] = [`**Personal data in \`${analysis.syncName ?? 'this sync'}\`**`, ''];
  lines.push(
    analysis.exchange
      ? 'Exchange is **on** (`exchange: true`): user fields are synced, by your deliberate decision.'
      : `Exchange is **off** (\`exchange\` ${analysis.exchangeStated ? 'is `false`' : 'is not set'}): no user field may be mapped, and \`run\` refuses a config that maps one.`,
  );
  const personal = analysis.flows.filter((f) => f.personalData);
  if (personal.length) {
    lines.push('', '| Personal data | Mapping | Direction | Under your control |', '|---|---|---|---|');
    for (const flow of personal) {
      lines.push(
        `| ${whatFlows(flow)} | ${mappingLabel(flow)} | ${directionLabel(analysis, flow)} | ${flow.receivingSites.map((s) => `${s}: ${analysis.sites.get(s)?.underYourControl ? 'yes' : '**no**'}`).join(', ') || '—'} |`,
      );
    }
    const uncontrolled = [...new Set(personal.flatMap((f) => uncontrolledReceivers(analysis, f)))];
    if (uncontrolled.length && analysis.exchange) {
      lines.push(
        '',
        `${siteList(uncontrolled)} ${uncontrolled.length > 1 ? 'are' : 'is'} not under your control: after import, deleting a person's data there needs a manual process with the site's owner.`,
      );
    }
  } else {
    lines.push('', 'No user field is mapped: no personal data flows through mappings.');
  }
  const freeText = analysis.flows
    .filter((f) => f.freeText)
    .map((f) => (f.kind === 'comments' ? 'comment bodies' : `\`${f.sourceField}\``));
  if (freeText.length) {
    lines.push(
      '',
      `Free text that may carry personal data (not treated as personal data): ${freeText.join(', ')}.`,
    );
  }
  if (!analysis.exchange) {
    lines.push(
      '',
      "Comments are posted by the sync user without author attribution; mentions become a neutral placeholder without the person's name.",
    );
  }
  const unknown = [...new Set(analysis.unclassifiedFields)];
  if (unknown.length) {
    lines.push(
      '',
      `Not classified yet (no metadata): ${unknown.map((id) => `\`${id}\``).join(', ')}. Run \`backbone-sync metadata CONFIG\` or "Backbone Sync: Refresh Metadata".`,
    );
  }
  lines.push(
    '',
    `**Stored by the engine:** only account IDs, only while a troubleshooting entry needs them, deleted ${analysis.retentionDays} days after the entry is resolved or ignored (\`retentionDays\`). Never names, email addresses or avatars. \`backbone-sync erase-account ACCOUNT_ID\` removes every stored reference to one person.`,
    '',
    `[Personal data in Backbone Sync](${helpUri('personal-data-field').replace(/#.*$/, '')})`,
  );
  return lines.join('\n');
}

/** Markdown for a hover at `path` (the key or value the cursor is on), or undefined when we have nothing to add. */
export function personalDataHover(
  doc: ConfigDocument,
  path: ConfigPath,
  context: ValidationContext = {},
): string | undefined {
  const [top, second] = path;
  if (top === 'personalData' && path.length === 1)
    return personalDataSummary(analyzePersonalData(doc, context));
  if (top === 'fields' && typeof second === 'string') {
    const analysis = analyzePersonalData(doc, context);
    const flow = analysis.flows.find((f) => f.kind === 'field' && f.sourceField === second);
    if (flow) return fieldHover(analysis, flow);
    // Neither personal data nor free text as far as we know: say so only when we cannot know.
    const mapping = classifyMapping(analysis, doc.value, second);
    const unknown = [mapping?.source, mapping?.target].find((f) => f?.kind === 'unknown');
    return unknown ? metadataHowTo(unknown, analysis) : undefined;
  }
  if (top === 'comments' && path.length <= 2) {
    const analysis = analyzePersonalData(doc, context);
    return commentsHover(
      analysis,
      analysis.flows.find((f) => f.kind === 'comments'),
    );
  }
  return undefined;
}
