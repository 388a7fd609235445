// `backbone-sync metadata CONFIG [--state-dir D]`: writes `<state dir>/metadata/<sync name>/<site name>.json`
// for each site of the config (schemas/metadata-snapshot.schema.json). Exit 0 written, 2 invalid config or
// usage, 3 could not reach a site.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDirFor } from '../store/cli-support';
import type { SiteLimiter } from '../jira/limiter';
import { describeError, JiraNetworkError, JiraRequestError } from '../jira/errors';
import { fetchSiteMetadataWithWorkflows } from '../sync/metadata';
import { connectSites, loadValidConfig } from '../sync/preflight';
import { parseVerbArgs } from './args';
import { EXIT, type VerbMain } from './io';

const USAGE = 'Usage: backbone-sync metadata CONFIG [--state-dir DIR]\n';

export const main: VerbMain = async (args, io) => {
  const parsed = parseVerbArgs(args, { 'state-dir': { type: 'string' } });
  if ('error' in parsed || parsed.positionals.length !== 1) {
    io.stderr(
      `backbone-sync metadata: ${'error' in parsed ? parsed.error : 'give one config file.'}\n${USAGE}`,
    );
    return EXIT.usage;
  }
  const configPath = parsed.positionals[0] as string;
  const stateDir = stateDirFor(parsed.values['state-dir'], io);
  // Validated without the snapshots: a stale snapshot must not stop its own refresh.
  const pre = await loadValidConfig(configPath);
  if (!pre.ok) {
    io.stderr(`backbone-sync metadata: ${pre.message}\n`);
    return pre.exitCode;
  }
  const sites = connectSites(pre.config, io.env, {
    limiters: new Map<string, SiteLimiter>(),
    concurrency: 4,
  });
  if (!sites.ok) {
    io.stderr(`backbone-sync metadata: ${sites.message}\n`);
    return sites.exitCode;
  }
  const bySiteName = new Map([
    [pre.config.source.site, sites.source],
    [pre.config.target.site, sites.target],
  ]);
  const dir = join(stateDir, 'metadata', pre.config.name);
  for (const [name, site] of bySiteName) {
    try {
      const { snapshot, workflows } = await fetchSiteMetadataWithWorkflows(pre.config, name, site);
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `${name}.json`);
      writeFileSync(`${path}.tmp`, `${JSON.stringify(snapshot, null, 2)}\n`);
      renameSync(`${path}.tmp`, path);
      const types = snapshot.projects.reduce((n, p) => n + p.issueTypes.length, 0);
      io.stdout(
        `${path}: ${snapshot.fields.length} fields, ${snapshot.projects.length} project(s), ${types} issue types\n`,
      );
      // Common in real Jira: a sync user without admin rights. The snapshot is still useful; say what it lacks.
      if (workflows === 'forbidden') {
        io.stdout(
          `note: site '${name}': no workflow transitions in the snapshot, so \`status-unreachable\` is not checked for its projects: reading workflows needs Jira's Administer Jira global permission, which the sync user lacks (statuses per issue type are still checked by \`unknown-status\`).\n`,
        );
      } else if (workflows === 'unavailable') {
        io.stdout(
          `note: site '${name}': no workflow transitions in the snapshot for some of its projects (the site answered no workflow scheme or workflow for them, as for team-managed projects), so \`status-unreachable\` is not checked there.\n`,
        );
      }
    } catch (error) {
      if (error instanceof JiraRequestError || error instanceof JiraNetworkError) {
        io.stderr(
          `backbone-sync metadata: site '${name}' (${site.baseUrl}): ${describeError(error)}. Check the URL, the token and the project keys.\n`,
        );
        return EXIT.couldNotRun;
      }
      throw error;
    }
  }
  return EXIT.ok;
};
