// The bad inputs of issue 2, built once for the unit tests and the protocol tests.
import { MAX_CONFIG_BYTES } from '../../server/src/config/document';
import { VALID_CONFIG } from './configs';
import { SeededRandom } from './random';

/** Deterministic binary junk: random bytes decoded as UTF-8, as an editor would show a binary file. */
export function binaryJunk(bytes = 4096, seed = 7): string {
  const random = new SeededRandom(seed);
  const buffer = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) buffer[i] = random.int(256);
  return buffer.toString('utf8');
}

/** A config padded past the 1 MB limit (about 2 MB) with valid mappings. */
export function twoMegabyteConfig(): string {
  const line = '  customfield_10001: customfield_20001 # a comment that makes this line longer\n';
  return VALID_CONFIG + line.repeat(Math.ceil((2 * MAX_CONFIG_BYTES) / line.length));
}

/** 20 YAML documents, each a whole config. */
export function twentyDocuments(): string {
  return Array.from({ length: 20 }, () => VALID_CONFIG).join('---\n');
}

/** The VALID_CONFIG as a JSON file (JSON is YAML, so it is a valid config). */
export function configAsJson(): string {
  return JSON.stringify(
    {
      version: 1,
      name: 'support-to-engineering',
      sites: {
        support: { url: 'https://acme-support.atlassian.net', auth: { token: '${env:SUPPORT_JIRA_TOKEN}' } },
        engineering: { url: 'https://acme-eng.atlassian.net' },
      },
      source: { site: 'support', project: 'SUP' },
      target: { site: 'engineering', project: 'ENG' },
      fields: { summary: 'summary', description: 'description' },
    },
    null,
    2,
  );
}

/** Every bad input by name, with the code its first diagnostic must have. */
export function badInputs(): { name: string; text: string; code: string }[] {
  return [
    {
      name: 'broken YAML',
      text: 'version: 1\nname: [a, b\nsites:\n  support: {url: x\n',
      code: 'yaml-syntax',
    },
    {
      name: 'tabs',
      text: VALID_CONFIG.replace('  description: description', '\tdescription: description'),
      code: 'yaml-syntax',
    },
    { name: 'duplicate keys', text: VALID_CONFIG + 'name: again\n', code: 'yaml-syntax' },
    { name: 'an empty file', text: '', code: 'schema' },
    { name: 'a 2 MB file', text: twoMegabyteConfig(), code: 'file-too-large' },
    { name: 'binary junk', text: binaryJunk(), code: 'yaml-syntax' },
    { name: '20 YAML documents', text: twentyDocuments(), code: 'multiple-documents' },
  ];
}
