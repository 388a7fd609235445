// The HTTP front of the emulator: splits the site prefix off the path, applies faults, authenticates,
// dispatches to the endpoint handlers, logs every request, and writes Jira-shaped responses.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { authenticate, UNAUTHORIZED } from './auth';
import { handleControl } from './control';
import { addCommentRoutes } from './endpoints/comments';
import { addIssueRoutes } from './endpoints/issues';
import { addMetadataRoutes, serverInfo } from './endpoints/metadata';
import { addSearchRoutes } from './endpoints/search';
import { addTransitionRoutes } from './endpoints/transitions';
import { addUserRoutes } from './endpoints/users';
import { addWatcherAndPropertyRoutes } from './endpoints/watchers-properties';
import { addWorkflowRoutes } from './endpoints/workflows';
import { Faults } from './faults';
import type { Reply } from './http';
import { jiraError } from './http';
import type { Seed } from './model';
import { RequestLog } from './request-log';
import type { RouteMatch } from './router';
import { Router } from './router';
import { SiteState } from './site-state';

/** What `onResponse` observers see: enough to validate a response against the spec. */
export interface ObservedResponse {
  site: string;
  method: string;
  /** Path below the site prefix. */
  path: string;
  /** The spec path template the request matched, when it matched one. */
  template?: string;
  status: number;
  contentType?: string;
  body?: unknown;
}

// Order matters where templates overlap: createmeta before /issue/{key}/properties/{propertyKey}.
const router = new Router();
addMetadataRoutes(router);
addSearchRoutes(router);
addIssueRoutes(router);
addTransitionRoutes(router);
addCommentRoutes(router);
addWatcherAndPropertyRoutes(router);
addUserRoutes(router);
addWorkflowRoutes(router);

const V2_WRITE =
  'This Jira emulator rejects writes to /rest/api/2: the engine must write Atlassian Document Format through /rest/api/3 (a string description makes jira.js fall back to /rest/api/2).';

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export class EmulatorServer {
  readonly sites = new Map<string, SiteState>();
  readonly faults = new Faults();
  readonly log = new RequestLog();
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly seed: Seed,
    private readonly onResponse?: (response: ObservedResponse) => void,
  ) {
    this.reset();
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        console.error('Jira emulator: unexpected error', error);
        if (!res.headersSent) this.write(res, jiraError(500, ['Internal server error']));
      });
    });
    this.server.keepAliveTimeout = 30_000;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Back to the seed: sites rebuilt, faults cleared, request log emptied. */
  reset(): void {
    this.sites.clear();
    for (const [name, site] of Object.entries(structuredClone(this.seed.sites))) {
      this.sites.set(name, new SiteState(name, site));
    }
    this.faults.clear();
    this.log.clear();
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  private write(res: ServerResponse, reply: Reply): void {
    const headers: Record<string, string> = { ...reply.headers };
    let payload: string | undefined;
    if (reply.text !== undefined) {
      headers['Content-Type'] = 'text/plain;charset=UTF-8';
      payload = reply.text;
    } else if (reply.body !== undefined) {
      headers['Content-Type'] = 'application/json;charset=UTF-8';
      payload = JSON.stringify(reply.body);
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    if (url.pathname.startsWith('/_emulator/')) {
      this.write(res, handleControl(this, method, url, raw));
      return;
    }
    const slash = url.pathname.indexOf('/', 1);
    const siteName = decodeURIComponent(url.pathname.slice(1, slash < 0 ? undefined : slash));
    const path = slash < 0 ? '/' : url.pathname.slice(slash);
    const site = this.sites.get(siteName);
    let body: unknown;
    let template: string | undefined;
    let fault: string | undefined;
    const finish = (reply: Reply | 'reset') => {
      const status = reply === 'reset' ? 0 : reply.status;
      this.log.add({
        at: started,
        method,
        path,
        query: url.search,
        site: site ? siteName : null,
        status,
        ...(fault ? { fault } : {}),
        ...(method !== 'GET' && body !== undefined ? { body } : {}),
        durationMs: Date.now() - started,
      });
      if (reply === 'reset') {
        req.socket.destroy();
        return;
      }
      this.write(res, reply);
      if (this.onResponse && site) {
        this.onResponse({
          site: siteName,
          method,
          path,
          template,
          status: reply.status,
          contentType:
            reply.text !== undefined
              ? 'text/plain'
              : reply.body !== undefined
                ? 'application/json'
                : undefined,
          body: reply.text ?? reply.body,
        });
      }
    };
    if (!site) {
      finish(
        jiraError(404, [`No emulated site '${siteName}'. Sites: ${[...this.sites.keys()].join(', ')}.`]),
      );
      return;
    }
    // Parse and route before faults, so that the log shows what a faulted write carried.
    let parseFailed = false;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        parseFailed = true;
        body = raw.toString('utf8').slice(0, 200);
      }
    }
    const match = router.match(method, path);
    template = typeof match === 'object' ? match.template : undefined;
    if (method === 'GET' && (path === '/rest/api/3/serverInfo' || path === '/rest/api/2/serverInfo')) {
      template = '/rest/api/3/serverInfo';
    }
    if (this.faults.active) {
      const latency = this.faults.latency(siteName, method, path);
      if (latency > 0) {
        fault = 'latency';
        await sleep(latency);
      }
    }
    const decision = this.faults.active
      ? this.faults.decide(siteName, method, path)
      : { kind: 'none' as const };
    if (decision.kind === 'reply') {
      fault = decision.fault;
      finish({ ...jiraError(decision.status, [decision.message]), headers: decision.headers });
      return;
    }
    if (decision.kind === 'reset') fault = 'reset';
    if (decision.kind === 'reset' && !decision.afterProcessing) {
      finish('reset');
      return;
    }
    const reply = parseFailed
      ? jiraError(400, ['Unexpected character in the request body: it is not valid JSON.'])
      : this.dispatch(site, method, path, url, body, req, match);
    finish(decision.kind === 'reset' ? 'reset' : reply);
  }

  private dispatch(
    site: SiteState,
    method: string,
    path: string,
    url: URL,
    body: unknown,
    req: IncomingMessage,
    match: RouteMatch | 'method' | undefined,
  ): Reply {
    const baseUrl = `http://${req.headers.host ?? '127.0.0.1'}/${site.name}`;
    if (method === 'GET' && (path === '/rest/api/3/serverInfo' || path === '/rest/api/2/serverInfo')) {
      return { status: 200, body: serverInfo(baseUrl) };
    }
    const accountId = authenticate(site, req.headers.authorization);
    if (!accountId) return UNAUTHORIZED;
    if (path.startsWith('/rest/api/2/')) {
      return method === 'GET'
        ? jiraError(404, ['The emulator serves /rest/api/3 only.'])
        : jiraError(400, [V2_WRITE]);
    }
    if (match === undefined) return jiraError(404, [`null for uri: ${baseUrl}${path}`]);
    if (match === 'method') return jiraError(405, [`Method ${method} is not allowed for ${path}.`]);
    try {
      return match.handler({
        method,
        path,
        query: url.searchParams,
        body,
        params: match.params,
        site,
        accountId,
        baseUrl,
        indexLagMs: this.faults.indexLagMs,
      });
    } catch (error) {
      console.error(`Jira emulator: handler for ${method} ${path} failed`, error);
      return jiraError(500, ['Internal server error']);
    }
  }
}
