// The predictive checks (DESIGN.md §5 "From metadata snapshots"): the config against the Jira sites'
// metadata snapshots, so that import failures show up as diagnostics before any run. One Validator on the
// config core's seam; each rule family is a pure function over the document and the snapshots, except that the
// per-mapping checks (mapping-checks.ts) remember the previous version's results of each document to reuse them.
import type { ConfigDiagnostic } from '../config/diagnostic';
import type { Validator } from '../config/validator';
import { metadataContext } from './context';
import { typeVerdicts } from './field-types';
import { checkIssueTypes, usedTargetIssueTypes } from './issue-types';
import { checkMappings } from './mapping-checks';
import { checkMissingMetadata } from './missing';
import { checkRequiredFields, screenVerdicts } from './screens';
import { checkStatuses } from './statuses';

export const metadataValidator: Validator = {
  id: 'metadata',
  validate(doc, context): ConfigDiagnostic[] {
    if (context.predictions === false) return [];
    const metadata = metadataContext(doc, context);
    if (!metadata) return [];
    const used = usedTargetIssueTypes(metadata);
    const screens = screenVerdicts(metadata, used);
    const mappings = checkMappings(metadata, screens, typeVerdicts(metadata));
    // The order of the rule families is kept: diagnostics on the same position stay in this order.
    return [
      ...checkMissingMetadata(metadata),
      ...checkIssueTypes(metadata),
      ...checkStatuses(metadata, used),
      ...mappings.notOnScreen,
      ...(screens ? checkRequiredFields(metadata, used, screens, mappings.requiredWritten) : []),
      ...mappings.typeMismatches,
    ];
  },
};
