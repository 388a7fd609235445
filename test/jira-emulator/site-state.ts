// The live state of one emulated Jira site: its configuration (a mutable copy of the seed) and its
// issues. Lookups that every endpoint needs live here; representation lives in represent.ts.
import type {
  CommentState,
  IssueSeed,
  IssueState,
  ProjectSeed,
  ScreenSeed,
  SiteSeed,
  WorkflowSeed,
} from './model';

export const DEFAULT_PRIORITIES: Record<string, { id: string }> = {
  Highest: { id: '1' },
  High: { id: '2' },
  Medium: { id: '3' },
  Low: { id: '4' },
  Lowest: { id: '5' },
};

/** Issue index lag: until `until`, searches see `view` (null = not indexed yet) instead of the issue. */
interface PendingIndex {
  until: number;
  view: IssueState | null;
}

export class SiteState {
  readonly issues = new Map<string, IssueState>();
  private readonly idByKey = new Map<string, string>();
  private readonly commentIndex = new Map<string, { issueId: string; comment: CommentState }>();
  private readonly pendingIndex = new Map<string, PendingIndex>();
  private nextIssueId = 10000;
  private nextCommentId = 10000;
  private readonly projectCounters = new Map<string, number>();
  private lastTime = 0;

  constructor(
    readonly name: string,
    /** The site's configuration; the control API patches it in place. */
    public config: SiteSeed,
  ) {
    const now = Date.now();
    for (const seed of config.issues ?? []) this.addSeedIssue(seed, now);
    delete this.config.issues;
  }

  /** A strictly increasing clock, so that every write moves `updated` even within one millisecond. */
  tick(): number {
    this.lastTime = Math.max(Date.now(), this.lastTime + 1);
    return this.lastTime;
  }

  project(keyOrId: string): (ProjectSeed & { key: string }) | undefined {
    const direct = this.config.projects[keyOrId] ?? this.config.projects[keyOrId.toUpperCase()];
    if (direct) return { ...direct, key: this.config.projects[keyOrId] ? keyOrId : keyOrId.toUpperCase() };
    for (const [key, project] of Object.entries(this.config.projects)) {
      if (project.id === keyOrId) return { ...project, key };
    }
    return undefined;
  }

  issueTypeByIdOrName(idOrName: string): { name: string; id: string } | undefined {
    for (const [name, type] of Object.entries(this.config.issueTypes)) {
      if (type.id === idOrName || name.toLowerCase() === idOrName.toLowerCase()) return { name, id: type.id };
    }
    return undefined;
  }

  screen(projectKey: string, issueType: string): ScreenSeed {
    const screens = this.config.projects[projectKey]?.screens ?? {};
    return screens[issueType] ?? screens['*'] ?? { create: [], edit: [], required: [] };
  }

  workflow(projectKey: string, issueType: string): WorkflowSeed {
    const workflows = this.config.projects[projectKey]?.workflows ?? {};
    const found = workflows[issueType] ?? workflows['*'];
    if (!found)
      throw new Error(`Seed error: no workflow for ${projectKey} / ${issueType} and no "*" default`);
    return found;
  }

  priorities(): Record<string, { id: string }> {
    return this.config.priorities ?? DEFAULT_PRIORITIES;
  }

  /** The project permission keys an account holds in a project. */
  permissionsOf(projectKey: string, accountId: string): Set<string> {
    const table = this.config.projects[projectKey]?.permissions ?? {};
    return new Set(table[accountId] ?? table['*'] ?? []);
  }

  can(projectKey: string, accountId: string, permission: string): boolean {
    return this.permissionsOf(projectKey, accountId).has(permission);
  }

  /** An active user who holds ASSIGNABLE_USER in the project. */
  isAssignable(projectKey: string, accountId: string): boolean {
    const user = this.config.users[accountId];
    return !!user && user.active !== false && this.can(projectKey, accountId, 'ASSIGNABLE_USER');
  }

  /** The issue by id or key (case-insensitive key), whatever the caller may see. */
  findIssue(idOrKey: string): IssueState | undefined {
    const id = /^\d+$/.test(idOrKey) ? idOrKey : this.idByKey.get(idOrKey.toUpperCase());
    return id === undefined ? undefined : this.issues.get(id);
  }

  /** The issue if the account may browse it: Jira answers 404 either way. */
  visibleIssue(idOrKey: string, accountId: string): IssueState | undefined {
    const issue = this.findIssue(idOrKey);
    return issue && this.can(issue.projectKey, accountId, 'BROWSE_PROJECTS') ? issue : undefined;
  }

  findComment(id: string): { issue: IssueState; comment: CommentState } | undefined {
    const entry = this.commentIndex.get(id);
    const issue = entry && this.issues.get(entry.issueId);
    return entry && issue ? { issue, comment: entry.comment } : undefined;
  }

  /** Allocates id and key and stores a new issue. */
  insertIssue(issue: Omit<IssueState, 'id' | 'key'>, indexLagMs: number): IssueState {
    const id = String(this.nextIssueId++);
    const n = (this.projectCounters.get(issue.projectKey) ?? 0) + 1;
    this.projectCounters.set(issue.projectKey, n);
    const stored: IssueState = { ...issue, id, key: `${issue.projectKey}-${n}` };
    this.issues.set(id, stored);
    this.idByKey.set(stored.key, id);
    for (const comment of stored.comments) this.commentIndex.set(comment.id, { issueId: id, comment });
    if (indexLagMs > 0) this.pendingIndex.set(id, { until: Date.now() + indexLagMs, view: null });
    return stored;
  }

  /** Removes an issue with its comments (search stops finding it at once: deletes are not lagged). */
  deleteIssue(issue: IssueState): void {
    this.issues.delete(issue.id);
    this.idByKey.delete(issue.key);
    this.pendingIndex.delete(issue.id);
    for (const comment of issue.comments) this.commentIndex.delete(comment.id);
  }

  removeComment(issue: IssueState, commentId: string): void {
    issue.comments = issue.comments.filter((c) => c.id !== commentId);
    this.commentIndex.delete(commentId);
  }

  newCommentId(): string {
    return String(this.nextCommentId++);
  }

  addComment(issue: IssueState, comment: CommentState): void {
    issue.comments.push(comment);
    this.commentIndex.set(comment.id, { issueId: issue.id, comment });
  }

  /**
   * Call before changing an issue: with index lag, searches keep seeing the issue as it was until the
   * lag has passed. Then marks it updated.
   */
  beforeWrite(issue: IssueState, indexLagMs: number): void {
    if (indexLagMs > 0) {
      const pending = this.pendingIndex.get(issue.id);
      const view = pending && pending.until > Date.now() ? pending.view : structuredClone(issue);
      this.pendingIndex.set(issue.id, { until: Date.now() + indexLagMs, view });
    }
  }

  touch(issue: IssueState): void {
    issue.updated = this.tick();
  }

  /** The issues as the search index sees them now (index lag applied). */
  indexedIssues(): Iterable<IssueState> {
    return this.pendingIndex.size === 0 ? this.issues.values() : this.laggedIssues();
  }

  private *laggedIssues(): Iterable<IssueState> {
    const now = Date.now();
    for (const issue of this.issues.values()) {
      const pending = this.pendingIndex.get(issue.id);
      if (pending && pending.until > now) {
        if (pending.view) yield pending.view;
      } else {
        if (pending) this.pendingIndex.delete(issue.id);
        yield issue;
      }
    }
  }

  private addSeedIssue(seed: IssueSeed, now: number): void {
    const projectKey = seed.key.replace(/-\d+$/, '');
    const number = Number(seed.key.slice(projectKey.length + 1));
    const id = String(this.nextIssueId++);
    const created = seedTime(seed.created, now);
    const fields: Record<string, unknown> = {
      summary: seed.summary,
      description: seed.description ?? null,
      priority: seed.priority ?? null,
      labels: seed.labels ?? [],
      assignee: seed.assignee ?? null,
      reporter: seed.reporter ?? null,
      ...seed.fields,
    };
    const issue: IssueState = {
      id,
      key: seed.key,
      projectKey,
      issueType: seed.issueType,
      status: seed.status,
      created,
      updated: seed.updated ? seedTime(seed.updated, now) : created,
      creator: seed.creator ?? seed.reporter ?? null,
      fields,
      watchers: [...(seed.watchers ?? [])],
      comments: [],
      properties: { ...seed.properties },
    };
    for (const c of seed.comments ?? []) {
      const at = seedTime(c.created, now);
      issue.comments.push({
        id: this.newCommentId(),
        author: c.author,
        updateAuthor: c.author,
        body: c.body,
        created: at,
        updated: at,
        properties: { ...c.properties },
      });
    }
    this.issues.set(id, issue);
    this.idByKey.set(issue.key, id);
    for (const comment of issue.comments) this.commentIndex.set(comment.id, { issueId: id, comment });
    this.projectCounters.set(projectKey, Math.max(this.projectCounters.get(projectKey) ?? 0, number));
  }
}

/** ISO 8601, or `-Nm`/`-Nh`/`-Nd` relative to `now`. */
export function seedTime(text: string, now: number): number {
  const relative = /^-(\d+)([mhd])$/.exec(text);
  if (relative) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 'm' | 'h' | 'd'];
    return now - Number(relative[1]) * unit;
  }
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw new Error(`Seed error: "${text}" is neither an ISO date nor -Nm/-Nh/-Nd`);
  return time;
}
