// The words of the personal-data diagnostics, in one place: what flows, where, what to do.
import type { FieldClass } from './classify';
import { describeField } from './classify';
import type { Flow, PersonalDataAnalysis } from './flows';

const code = (text: string): string => `\`${text}\``;

/** "`partner`", "`partner` and `support`". */
export function siteList(names: readonly string[]): string {
  const quoted = names.map(code);
  return quoted.length <= 1
    ? (quoted[0] ?? 'the target')
    : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

/** What the engine keeps, in one sentence (DESIGN.md §1, §6). */
export function storedSentence(analysis: PersonalDataAnalysis): string {
  return `The engine stores only the person's Atlassian account ID, and only while a troubleshooting entry needs it (deleted ${analysis.retentionDays} days after the entry is resolved or ignored); never a name, email or avatar.`;
}

function userSide(flow: Flow): FieldClass | undefined {
  if (flow.source?.kind === 'user') return flow.source;
  if (flow.target?.kind === 'user') return flow.target;
  return flow.source;
}

/** "`assignee` (Assignee) → `assignee` on `partner`", two-way: "`assignee` ⇄ `assignee` between …". */
export function flowSentence(flow: Flow, analysis: PersonalDataAnalysis): string {
  if (flow.kind !== 'field') return `${flow.kind} → ${siteList(flow.receivingSites)}`;
  const from = flow.source ? describeField(flow.source) : code(flow.sourceField);
  const to = flow.targetField ? code(flow.targetField) : 'no target';
  const text = flow.asText ? ' as text' : '';
  if (flow.direction === 'both') {
    const sites = [analysis.sourceSite, analysis.targetSite].filter((s): s is string => Boolean(s));
    return `${from} ⇄ ${to}${text} between ${siteList(sites)}`;
  }
  if (flow.direction === 'target-to-source') {
    return `${to} on ${siteList([analysis.targetSite ?? ''])} → ${from}${text} on ${siteList(flow.receivingSites)}`;
  }
  return `${from} → ${to}${text} on ${siteList(flow.receivingSites)}`;
}

export function personalDataFieldError(flow: Flow, analysis: PersonalDataAnalysis): string {
  const field = userSide(flow);
  const what = field ? describeField(field) : code(flow.sourceField);
  const switchState = analysis.exchangeStated ? 'is `false`' : 'is not set (the default is `false`)';
  const asText = flow.asText ? ', even `as: text`,' : '';
  return `${what} is a user field: mapping it${asText} sends personal data, and \`personalData.exchange\` ${switchState}. \`run\` refuses this config. Remove this mapping, or set \`personalData.exchange: true\` if syncing people is your deliberate decision. A suppression comment cannot silence this.`;
}

export function personalDataFieldInfo(flow: Flow, analysis: PersonalDataAnalysis): string {
  if (flow.kind === 'comments') {
    return `Comments name their author: each synced comment carries its author's account ID to ${siteList(flow.receivingSites)} (\`personalData.exchange: true\`). ${storedSentence(analysis)}`;
  }
  if (flow.kind === 'attachments' || flow.kind === 'worklogs') {
    const item = flow.kind === 'attachments' ? 'attachment' : 'worklog';
    return `${item === 'attachment' ? 'Attachments' : 'Worklogs'} name who added them: each synced ${item} carries that person's account ID to ${siteList(flow.receivingSites)} (\`personalData.exchange: true\`). ${storedSentence(analysis)}`;
  }
  return `Personal data flows: ${flowSentence(flow, analysis)}. ${storedSentence(analysis)}`;
}

export function asTextWarning(flow: Flow, userTarget: string): string {
  const what = flow.source ? describeField(flow.source) : code(flow.sourceField);
  const where = flow.targetField
    ? `${code(flow.targetField)} on ${siteList(flow.receivingSites)}`
    : 'the target';
  return `${what} is copied as text into ${where}: the person's name becomes untracked free text. It is no longer a user reference, so neither \`erase-account\` nor a deletion request for that person will find it. Map it to the user field instead (\`${flow.sourceField}: ${userTarget}\`), or remove this mapping.`;
}

export function freeTextHint(flow: Flow): string {
  const what =
    flow.kind === 'comments'
      ? 'Comment bodies are'
      : `${flow.source ? describeField(flow.source) : code(flow.sourceField)} is`;
  return `${what} free text: personal data typed there (a customer's name, an email address) flows to ${siteList(flow.receivingSites)} and is not treated as personal data. Make sure this complies with your policies.`;
}

export function uncontrolledWarning(
  flow: Flow,
  analysis: PersonalDataAnalysis,
  sites: readonly string[],
): string {
  const what = flow.kind === 'field' ? `This mapping of ${code(flow.sourceField)}` : `Syncing ${flow.kind}`;
  const stated = sites.every((s) => analysis.sites.get(s)?.controlStated);
  const status = stated
    ? 'not under your control (`underYourControl: false`)'
    : 'not marked `underYourControl: true`';
  const plural = sites.length > 1;
  return `${what} sends personal data to ${siteList(sites)}, which ${plural ? 'are' : 'is'} ${status}. After import the data is that site's responsibility: deleting a person's data there needs a manual process with its owner (\`backbone-sync erase-account\` lists the issues). If it is your organisation's Jira, set \`underYourControl: true\` under \`sites.${sites[0] ?? ''}\`.`;
}

export const EMAIL_IN_CONFIG =
  "An email address is written into this config. It is personal data, and this file is shared and kept in git. Refer to people by account ID (`personalData.users: account-id`) instead; only a site's `auth.email` (the sync user) belongs here.";
