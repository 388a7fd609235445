// The predictive checks (DESIGN.md §5 "From metadata snapshots"): the config against the Jira sites'
// metadata snapshots, so that import failures show up as diagnostics before any run. One Validator on the
// config core's seam; each rule family is a pure function over the document and the snapshots.
import type { ConfigDiagnostic } from '../config/diagnostic';
import type { Validator } from '../config/validator';
import { metadataContext } from './context';
import { checkFieldTypes } from './field-types';
import { checkIssueTypes, usedTargetIssueTypes } from './issue-types';
import { checkMissingMetadata } from './missing';
import { checkScreens } from './screens';
import { checkStatuses } from './statuses';

export const metadataValidator: Validator = {
  id: 'metadata',
  validate(doc, context): ConfigDiagnostic[] {
    if (context.predictions === false) return [];
    const metadata = metadataContext(doc, context);
    if (!metadata) return [];
    const used = usedTargetIssueTypes(metadata);
    return [
      ...checkMissingMetadata(metadata),
      ...checkIssueTypes(metadata),
      ...checkStatuses(metadata, used),
      ...checkScreens(metadata, used),
      ...checkFieldTypes(metadata),
    ];
  },
};
