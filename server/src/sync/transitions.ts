// Moves a target issue along its workflow to the mapped status (DESIGN.md §6): one POST per step. Transitions
// are discovered with GET …/transitions and learned per project and issue type, so later issues take the known
// path straight away.
import type { JiraSite } from '../jira/client';

interface TransitionJson {
  id?: string;
  to?: { name?: string };
}

export type TransitionResult =
  { ok: true; from: string | null; path: string[] } | { ok: false; from: string | null; reason: 'no-path' };

export class WorkflowPaths {
  /** `${project}\n${issueType}\n${status}` → transitions (id, to status). */
  private readonly learned = new Map<string, { id: string; to: string }[]>();

  constructor(private readonly target: JiraSite) {}

  /** The issue's current status name. */
  async currentStatus(issueId: string): Promise<string | null> {
    const issue = await this.target.api.issues.getIssue({ issueIdOrKey: issueId, fields: ['status'] });
    const name = (issue.fields as { status?: { name?: unknown } } | undefined)?.status?.name;
    return typeof name === 'string' ? name : null;
  }

  async available(issueId: string, key: string): Promise<{ id: string; to: string }[]> {
    const result = await this.target.api.issues.getTransitions({ issueIdOrKey: issueId });
    const list = ((result.transitions ?? []) as TransitionJson[])
      .filter((t) => typeof t.id === 'string' && typeof t.to?.name === 'string')
      .map((t) => ({ id: t.id as string, to: t.to?.name as string }));
    this.learned.set(key, list);
    return list;
  }

  /** A path of status names from `from` to `to` over what was learned so far, or undefined. */
  knownPath(prefix: string, from: string, to: string): string[] | undefined {
    const queue: { status: string; path: string[] }[] = [{ status: from, path: [] }];
    const seen = new Set([from]);
    while (queue.length > 0) {
      const { status, path } = queue.shift() as { status: string; path: string[] };
      for (const t of this.learned.get(`${prefix}${status}`) ?? []) {
        if (seen.has(t.to)) continue;
        const next = [...path, t.to];
        if (t.to === to) return next;
        seen.add(t.to);
        queue.push({ status: t.to, path: next });
      }
    }
    return undefined;
  }

  /**
   * Plans the status names to pass through (dry run: no writes). Uses only what was learned; explores one
   * level with GET transitions.
   */
  async plan(
    issueId: string | null,
    project: string,
    issueType: string,
    from: string | null,
    to: string,
  ): Promise<string[]> {
    if (from === null || from === to) return from === to ? [] : [to];
    const prefix = `${project}\n${issueType}\n`;
    if (issueId !== null && !this.learned.has(`${prefix}${from}`))
      await this.available(issueId, `${prefix}${from}`);
    return this.knownPath(prefix, from, to) ?? [to];
  }

  /** Transitions the issue until it is in `to`; at most `maxSteps` POSTs. */
  async moveTo(
    issueId: string,
    project: string,
    issueType: string,
    to: string,
    onStep: () => void,
    maxSteps = 8,
  ): Promise<TransitionResult> {
    const prefix = `${project}\n${issueType}\n`;
    const from = await this.currentStatus(issueId);
    let current = from;
    const path: string[] = [];
    const visited = new Set<string>(current ? [current] : []);
    while (current !== to) {
      if (current === null || path.length >= maxSteps) return { ok: false, from, reason: 'no-path' };
      const options = await this.available(issueId, `${prefix}${current}`);
      const known = this.knownPath(prefix, current, to);
      const step =
        options.find((t) => t.to === to) ??
        (known ? options.find((t) => t.to === known[0]) : undefined) ??
        options.find((t) => !visited.has(t.to) && this.learned.get(`${prefix}${t.to}`) === undefined);
      if (!step) return { ok: false, from, reason: 'no-path' };
      await this.target.api.issues.doTransition({ issueIdOrKey: issueId, transition: { id: step.id } });
      onStep();
      path.push(step.to);
      visited.add(step.to);
      current = step.to;
    }
    return { ok: true, from, path };
  }
}
