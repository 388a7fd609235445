// Random edits of a config for fuzz tests: the mistakes and odd constructs a person typing YAML makes.
import type { SeededRandom } from './random';

/** Fragments that matter to YAML and to our rules. */
const FRAGMENTS = [
  ':',
  ': ',
  '-',
  '- ',
  ' ',
  '  ',
  '\n',
  '\t',
  '{',
  '}',
  '[',
  ']',
  ',',
  '&a ',
  '*a',
  '!!str ',
  '!tag ',
  '|',
  '>',
  "'",
  '"',
  '#',
  '%',
  '@',
  '`',
  '?',
  '? ',
  '---\n',
  '...\n',
  '${env:',
  '}',
  '\\',
  '\r\n',
  '\u00e9',
  '\u{1F600}',
  'null',
  '~',
  'true',
  '1e3',
  '0x1F',
  '-1',
  'summary',
  'customfield_',
  'target: ',
  'direction: both',
  'correlate: {',
  'http://',
  'https://',
  'site: ',
  'fields:',
  'sites:',
  'version: 2',
  '<<: *a',
  '\u0000',
  '\uFEFF',
  '\u2028',
];

/** One random edit of `text`. */
export function mutate(text: string, random: SeededRandom): string {
  const at = random.int(text.length + 1);
  const lines = text.split('\n');
  switch (random.int(8)) {
    case 0: // delete a span
      return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + random.int(12)));
    case 1: // insert a fragment
      return text.slice(0, at) + random.pick(FRAGMENTS) + text.slice(at);
    case 2: // replace one character
      return text.slice(0, at) + random.pick(FRAGMENTS) + text.slice(at + 1);
    case 3: {
      // duplicate a line
      const i = random.int(lines.length);
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    }
    case 4: {
      // move a line
      const [line] = lines.splice(random.int(lines.length), 1);
      lines.splice(random.int(lines.length + 1), 0, line ?? '');
      return lines.join('\n');
    }
    case 5: {
      // change a line's indentation
      const i = random.int(lines.length);
      const line = lines[i] ?? '';
      lines[i] = random.int(2) === 0 ? line.replace(/^ {1,2}/, '') : ' '.repeat(1 + random.int(3)) + line;
      return lines.join('\n');
    }
    case 6: // cut the file short
      return text.slice(0, at);
    default: {
      // copy a word of the file somewhere else
      const words = text.match(/[A-Za-z_$][\w${}:.-]*/g) ?? ['x'];
      return text.slice(0, at) + random.pick(words) + text.slice(at);
    }
  }
}
