// The Markdown form of the data-protection report: one overview table across configs, then per config a
// table per site (personal data and free text, in and out), uncontrolled targets, storage, and problems.
import type { ConfigReport, ReportJson, ReportMapping } from './report';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const list = (items: readonly string[]): string => (items.length ? items.map(cell).join(', ') : '—');

function mappingRows(mappings: readonly ReportMapping[], withStatus: boolean): string[] {
  const rows = [
    `| ${withStatus ? 'Personal data' : 'Free text'} | Mapping | Line | Direction | Status |`,
    '|---|---|---|---|---|',
  ];
  for (const m of mappings) {
    const status = m.refused
      ? 'refused: `exchange` is off'
      : m.asText
        ? 'flows; copied as text (untracked)'
        : withStatus
          ? 'flows (account ID)'
          : 'flows; not treated as personal data';
    rows.push(`| ${cell(m.what)} | ${cell(m.mapping)} | ${m.line} | ${cell(m.direction)} | ${status} |`);
  }
  return rows;
}

function configSection(report: ConfigReport): string[] {
  const out: string[] = [`## ${report.name ?? '(no name)'}`, '', `Config: \`${report.file}\``];
  out.push(
    '',
    `- Personal data exchange: **${report.exchange ? 'on' : 'off'}** (\`personalData.exchange\`)${report.exchange ? `; users are matched by ${report.users === 'email' ? 'email address' : 'account ID'}` : ''}.`,
    `- Direction: \`${report.sourceSite ?? '?'}\` (source) → \`${report.targetSite ?? '?'}\` (target).`,
    `- Stored by the engine: ${report.stored.what} Deleted ${report.stored.retentionDays} days after the entry is resolved or ignored (\`retentionDays\`).`,
  );
  if (!report.valid) {
    out.push(
      `- **This config has errors, so \`run\` refuses it.** The tables show what it would send once they are fixed.`,
    );
  }
  out.push(
    '',
    '| Site | Under your control | Personal data in | Personal data out | Free text in | Free text out |',
    '|---|---|---|---|---|---|',
  );
  for (const site of report.sites) {
    const name = site.url ? `\`${site.name}\` (${site.url})` : `\`${site.name}\``;
    out.push(
      `| ${cell(name)} | ${site.underYourControl ? 'yes' : '**no**'} | ${list(site.personalDataIn)} | ${list(site.personalDataOut)} | ${list(site.freeTextIn)} | ${list(site.freeTextOut)} |`,
    );
  }
  if (report.personalData.length) out.push('', ...mappingRows(report.personalData, true));
  if (report.freeText.length) out.push('', ...mappingRows(report.freeText, false));
  out.push('');
  if (report.uncontrolledTargets.length) {
    out.push(
      `**Not under your control:** ${report.uncontrolledTargets.map((s) => `\`${s}\``).join(', ')} receives personal data. After import it is that site's responsibility: agree a manual deletion process with its owner. \`backbone-sync erase-account ACCOUNT_ID\` removes our references to a person and lists the target issues to clean up there.`,
      '',
    );
  } else if (report.personalData.some((m) => !m.refused)) {
    out.push('Every site receiving personal data is under your control.', '');
  } else {
    out.push('No personal data flows through this sync (free text aside).', '');
  }
  if (report.commentsWithoutAuthors) {
    out.push(
      "Comments are posted by the sync user without author attribution, and mentions become a neutral placeholder without the person's name (`exchange` is off).",
      '',
    );
  }
  if (report.unclassifiedFields.length) {
    out.push(
      `**Not classified** (no metadata snapshot lists them; they may be user fields): ${report.unclassifiedFields.map((f) => `\`${f}\``).join(', ')}. Run \`backbone-sync metadata ${report.file}\` and report again.`,
      '',
    );
  }
  if (report.emailAddressesInConfig) {
    out.push(
      `**Email addresses written in the config:** ${report.emailAddressesInConfig} (outside \`auth.email\`): personal data in a file kept in git.`,
      '',
    );
  }
  if (report.problems.length) {
    out.push('Problems (`backbone-sync validate` shows them all):', '');
    for (const p of report.problems) out.push(`- line ${p.line}: ${p.severity} \`${p.code}\`: ${p.message}`);
    out.push('');
  }
  return out;
}

/** The whole report as Markdown. */
export function renderReportMarkdown(report: ReportJson): string {
  const out: string[] = [
    '# Personal-data report',
    '',
    'What personal data each sync moves, to which site, whether that site is under your control, and what the engine stores for how long. User fields are personal data; free text is not treated as personal data, but people can type it there.',
    '',
  ];
  if (report.configs.length) {
    out.push(
      '| Config | Exchange | Personal data | Free text | Receiving sites not under your control | Retention |',
      '|---|---|---|---|---|---|',
    );
    for (const c of report.configs) {
      const flowing = c.personalData.filter((m) => !m.refused).map((m) => m.what);
      const refused = c.personalData.filter((m) => m.refused).map((m) => `${m.what} (refused)`);
      out.push(
        `| ${cell(c.name ?? c.file)} | ${c.exchange ? 'on' : 'off'} | ${list([...flowing, ...refused])} | ${list(c.freeText.map((m) => m.what))} | ${list(c.uncontrolledTargets)} | ${c.retentionDays} days |`,
      );
    }
    out.push('');
  }
  for (const c of report.configs) out.push(...configSection(c));
  for (const u of report.unreadable) out.push(`- Could not read \`${u.file}\`: ${u.error}`);
  return `${out.join('\n').trimEnd()}\n`;
}
