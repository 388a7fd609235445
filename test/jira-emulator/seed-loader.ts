// Reads a seed (a file path or an object) and checks the references a typo would break, so that a bad
// seed fails at start with a message naming the place, not later with a confusing 500.
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Seed } from './model';

export const SEEDS_DIR = join(import.meta.dirname, 'seeds');

/** Loads a seed: an object is used as is; a name like `demo.json` is looked up in seeds/, else as a path. */
export function loadSeed(seed: Seed | string = 'demo.json'): Seed {
  if (typeof seed !== 'string') return structuredClone(seed);
  const path = isAbsolute(seed) || seed.includes('/') ? seed : join(SEEDS_DIR, seed);
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Seed;
  checkSeed(parsed);
  return parsed;
}

/** Throws an Error naming the first dangling reference in the seed. */
export function checkSeed(seed: Seed): void {
  if (!seed.sites || typeof seed.sites !== 'object') throw new Error('Seed error: no "sites" object');
  for (const [name, site] of Object.entries(seed.sites)) {
    const where = `sites.${name}`;
    for (const [key, project] of Object.entries(site.projects)) {
      for (const t of project.issueTypes) {
        if (!site.issueTypes[t])
          throw new Error(`Seed error: ${where}.projects.${key} uses unknown issue type "${t}"`);
        const wf = project.workflows[t] ?? project.workflows['*'];
        if (!wf) throw new Error(`Seed error: ${where}.projects.${key} has no workflow for "${t}"`);
        for (const s of [wf.initial, ...wf.transitions.flatMap((tr) => [tr.to, ...(tr.from ?? [])])]) {
          if (!site.statuses[s])
            throw new Error(
              `Seed error: ${where}.projects.${key} workflow of "${t}" uses unknown status "${s}"`,
            );
        }
      }
      if (!site.users[project.lead])
        throw new Error(`Seed error: ${where}.projects.${key}.lead is not a user`);
    }
    for (const issue of site.issues ?? []) {
      const at = `${where}.issues ${issue.key}`;
      const project = site.projects[issue.key.replace(/-\d+$/, '')];
      if (!project) throw new Error(`Seed error: ${at}: no project for this key`);
      if (!project.issueTypes.includes(issue.issueType))
        throw new Error(`Seed error: ${at}: issue type not in project`);
      if (!site.statuses[issue.status])
        throw new Error(`Seed error: ${at}: unknown status "${issue.status}"`);
      for (const u of [
        issue.assignee,
        issue.reporter,
        issue.creator,
        ...(issue.watchers ?? []),
        ...(issue.comments ?? []).map((c) => c.author),
      ]) {
        if (u && !site.users[u]) throw new Error(`Seed error: ${at}: unknown user "${u}"`);
      }
    }
  }
}
