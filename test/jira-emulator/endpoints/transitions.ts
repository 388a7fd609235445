// Workflow transitions: the ones available from the issue's status (global ones included), and
// performing one, with Jira's "Transition id 'N' is not valid for this issue." otherwise.
import { checkFieldChanges } from '../field-values';
import type { EmulatorRequest, Reply } from '../http';
import { fieldErrors, isObject, issueNotFound, jiraError, noContent, ok } from '../http';
import type { IssueState, TransitionSeed } from '../model';
import { statusJson } from '../represent';
import type { Router } from '../router';

/** Transitions the user can take from the issue's status; none without TRANSITION_ISSUES. */
function available(req: EmulatorRequest, issue: IssueState): TransitionSeed[] {
  if (!req.site.can(issue.projectKey, req.accountId, 'TRANSITION_ISSUES')) return [];
  const workflow = req.site.workflow(issue.projectKey, issue.issueType);
  return workflow.transitions.filter((t) => !t.from || t.from.includes(issue.status));
}

function getTransitions(req: EmulatorRequest): Reply {
  const issue = req.site.visibleIssue(req.params.issueIdOrKey as string, req.accountId);
  if (!issue) return issueNotFound();
  const only = req.query.get('transitionId');
  const transitions = available(req, issue)
    .filter((t) => !only || t.id === only)
    .map((t) => ({
      id: t.id,
      name: t.name,
      to: statusJson(req.site, req.baseUrl, t.to),
      hasScreen: (t.screen ?? []).length > 0,
      isGlobal: !t.from,
      isInitial: false,
      isAvailable: true,
      isConditional: false,
      isLooped: false,
    }));
  return ok({ expand: 'transitions', transitions });
}

function doTransition(req: EmulatorRequest): Reply {
  const { site } = req;
  const issue = site.visibleIssue(req.params.issueIdOrKey as string, req.accountId);
  if (!issue) return issueNotFound();
  const body = isObject(req.body) ? req.body : {};
  const wanted = isObject(body.transition) ? body.transition.id : undefined;
  if (wanted === undefined) return jiraError(400, ["Missing 'transition' identifier"]);
  const transition = available(req, issue).find((t) => t.id === String(wanted));
  if (!transition) return jiraError(400, [`Transition id '${String(wanted)}' is not valid for this issue.`]);
  const fields = isObject(body.fields) ? body.fields : {};
  const update = isObject(body.update) ? body.update : {};
  const { values, errors } = checkFieldChanges(
    site,
    issue.projectKey,
    new Set(transition.screen ?? []),
    fields,
    update,
    issue.fields,
  );
  if (Object.keys(errors).length > 0) return fieldErrors(errors);
  site.beforeWrite(issue, req.indexLagMs);
  Object.assign(issue.fields, values);
  issue.status = transition.to;
  site.touch(issue);
  return noContent();
}

export function addTransitionRoutes(router: Router): void {
  router.add('GET', '/rest/api/3/issue/{issueIdOrKey}/transitions', getTransitions);
  router.add('POST', '/rest/api/3/issue/{issueIdOrKey}/transitions', doTransition);
}
