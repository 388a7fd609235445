// `metadata-missing` (information, on the site's key under `sites`): why the predictive checks cannot speak
// for a site yet, and how to fetch a snapshot.
import type { ConfigDiagnostic } from '../config/diagnostic';
import { Severity } from '../config/diagnostic';
import { metadataDiagnostic as makeDiagnostic } from './diagnostic';
import type { MetadataContext, SiteProblem } from './context';

const FETCH =
  'Run "Backbone Sync: Refresh Metadata", or `backbone-sync metadata <this config>` in a terminal (with `--state-dir` if you use one).';

function messageOf(site: string, problem: SiteProblem): string {
  switch (problem.kind) {
    case 'no-snapshot':
      return `No metadata snapshot of site \`${site}\` yet, so fields, screens, issue types and statuses are not checked against it. ${FETCH}`;
    case 'unreadable':
      return `The metadata snapshot of site \`${site}\` (${problem.path}) cannot be read: ${problem.reason}. Fetch it again: ${FETCH}`;
    case 'other-site':
      return `The metadata snapshot of site \`${site}\` was fetched from ${problem.snapshotUrl}, but the config now points at ${problem.configUrl}, so it is not used. Fetch it again: ${FETCH}`;
    case 'no-project':
      return `The metadata snapshot of site \`${site}\` does not describe project \`${problem.project}\` (it was fetched for another project, or the project does not exist), so that project is not checked. Fetch it again: ${FETCH}`;
    case 'stale':
      return `The metadata snapshot of site \`${site}\` is ${problem.ageDays} days old (fetched ${problem.fetchedAt.toISOString().slice(0, 10)}): screens, fields and workflows may have changed since. Refresh it: ${FETCH}`;
  }
}

/** One information diagnostic per problem of each site the config uses. */
export function checkMissingMetadata(context: MetadataContext): ConfigDiagnostic[] {
  const out: ConfigDiagnostic[] = [];
  for (const [site, problems] of context.siteProblems) {
    for (const problem of problems) {
      out.push(
        makeDiagnostic(
          'metadata-missing',
          Severity.Information,
          context.doc.keyRange(['sites', site]),
          messageOf(site, problem),
          {
            path: ['sites', site],
            site,
            reason: problem.kind,
            snapshotPath: problem.path,
            ...(problem.kind === 'stale' ? { ageDays: problem.ageDays } : {}),
          },
        ),
      );
    }
  }
  return out;
}
