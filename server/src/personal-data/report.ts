// The data-protection report (`backbone-sync report`): per config and site, which personal data flows in
// and out, which free text may carry personal data, which targets are not under your control, and what
// the engine stores for how long. Built from the same analysis as the diagnostics and the hover.
import type { ConfigDiagnostic } from '../config/diagnostic';
import type { ConfigDocument } from '../config/document';
import type { ValidationContext } from '../config/validator';
import { findEmailAddresses } from './emails';
import type { Flow, PersonalDataAnalysis } from './flows';
import { analyzePersonalData, uncontrolledReceivers } from './flows';
import { directionLabel, mappingLabel, whatFlows } from './hover';

/** One mapping in the report. `line` is 1-based, as in `validate`. */
export interface ReportMapping {
  mapping: string;
  /** "Assignee", "Customer contact (user picker)", "comment authors", "Description". */
  what: string;
  line: number;
  direction: string;
  from: string[];
  to: string[];
  /** For personal data: refused by `run` because `personalData.exchange` is off. */
  refused?: boolean;
  /** A user copied as text: untracked free text on the target. */
  asText?: boolean;
}

export interface ReportSite {
  name: string;
  url: string | null;
  underYourControl: boolean;
  personalDataIn: string[];
  personalDataOut: string[];
  freeTextIn: string[];
  freeTextOut: string[];
}

export interface ReportDiagnostic {
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  code: string;
  message: string;
}

export interface ConfigReport {
  file: string;
  name: string | null;
  /** No error diagnostic: `run` accepts it (DESIGN.md §4). */
  valid: boolean;
  exchange: boolean;
  users: 'account-id' | 'email';
  retentionDays: number;
  sourceSite: string | null;
  targetSite: string | null;
  sites: ReportSite[];
  personalData: ReportMapping[];
  freeText: ReportMapping[];
  /** Sites that receive personal data and are not marked `underYourControl: true`. */
  uncontrolledTargets: string[];
  /** Custom fields no metadata snapshot classifies: they may be user fields. */
  unclassifiedFields: string[];
  emailAddressesInConfig: number;
  /** Comments sync while `exchange` is off: posted by the sync user, without author attribution. */
  commentsWithoutAuthors: boolean;
  stored: { what: string; retentionDays: number };
  /** Errors and warnings (the personal-data information lines are the tables above). */
  problems: ReportDiagnostic[];
}

export interface ReportJson {
  version: 1;
  configs: ConfigReport[];
  /** Files that could not be read (exit 2). */
  unreadable: { file: string; error: string }[];
}

const SEVERITY = ['error', 'error', 'warning', 'info', 'hint'] as const;

function sendingSites(analysis: PersonalDataAnalysis, flow: Flow): string[] {
  const source = analysis.sourceSite;
  const target = analysis.targetSite;
  const sites =
    flow.direction === 'both'
      ? [source, target]
      : flow.direction === 'target-to-source'
        ? [target]
        : [source];
  return [...new Set(sites.filter((s): s is string => Boolean(s)))];
}

function freeTextWhat(flow: Flow): string {
  if (flow.kind === 'comments') return 'comment bodies';
  return flow.source?.name ?? `\`${flow.sourceField}\``;
}

/** The report of one parsed and validated config. */
export function buildConfigReport(
  file: string,
  doc: ConfigDocument,
  diagnostics: readonly ConfigDiagnostic[],
  context: ValidationContext,
): ConfigReport {
  const analysis = analyzePersonalData(doc, context);
  const mapping = (flow: Flow, what: string): ReportMapping => ({
    mapping: mappingLabel(flow),
    what,
    line: doc.lineOf(flow.path),
    direction: directionLabel(analysis, flow),
    from: sendingSites(analysis, flow),
    to: flow.receivingSites,
  });
  const personalData = analysis.flows
    .filter((f) => f.personalData)
    .map((f) => ({
      ...mapping(f, whatFlows(f)),
      ...(analysis.exchange ? {} : { refused: true }),
      ...(f.userAsText ? { asText: true } : {}),
    }));
  const freeText = analysis.flows.filter((f) => f.freeText).map((f) => mapping(f, freeTextWhat(f)));
  const siteNames = [...analysis.sites.keys()];
  for (const name of [analysis.sourceSite, analysis.targetSite]) {
    if (name && !siteNames.includes(name)) siteNames.push(name);
  }
  const sites: ReportSite[] = siteNames.map((name) => {
    const facts = analysis.sites.get(name);
    const flowing = personalData.filter((m) => !m.refused);
    return {
      name,
      url: facts?.url ?? null,
      underYourControl: facts?.underYourControl ?? false,
      personalDataIn: flowing.filter((m) => m.to.includes(name)).map((m) => m.what),
      personalDataOut: flowing.filter((m) => m.from.includes(name)).map((m) => m.what),
      freeTextIn: freeText.filter((m) => m.to.includes(name)).map((m) => m.what),
      freeTextOut: freeText.filter((m) => m.from.includes(name)).map((m) => m.what),
    };
  });
  const uncontrolled = analysis.exchange
    ? [
        ...new Set(
          analysis.flows.filter((f) => f.personalData).flatMap((f) => uncontrolledReceivers(analysis, f)),
        ),
      ]
    : [];
  return {
    file,
    name: analysis.syncName ?? null,
    valid: !diagnostics.some((d) => d.severity === 1),
    exchange: analysis.exchange,
    users: analysis.users,
    retentionDays: analysis.retentionDays,
    sourceSite: analysis.sourceSite ?? null,
    targetSite: analysis.targetSite ?? null,
    sites,
    personalData,
    freeText,
    uncontrolledTargets: uncontrolled,
    unclassifiedFields: [...new Set(analysis.unclassifiedFields)],
    commentsWithoutAuthors: !analysis.exchange && analysis.flows.some((f) => f.kind === 'comments'),
    emailAddressesInConfig: doc.root ? findEmailAddresses(doc).length : 0,
    stored: {
      what: analysis.exchange
        ? 'Account IDs only (never names, email addresses or avatars), only while a troubleshooting entry needs them.'
        : 'No personal data: user fields are not synced. Troubleshooting entries hold issue and field ids only.',
      retentionDays: analysis.retentionDays,
    },
    problems: diagnostics
      // Uncontrolled targets have their own section; the rest are errors and warnings to fix or accept.
      .filter((d) => (d.severity ?? 1) <= 2 && d.code !== 'personal-data-uncontrolled-target')
      .map((d) => ({
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        severity: SEVERITY[d.severity ?? 1],
        code: d.code,
        message: d.message,
      })),
  };
}
