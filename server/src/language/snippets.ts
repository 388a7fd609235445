// Renders the schema's `defaultSnippets` bodies (JSON with snippet placeholders) as block YAML indented for
// the cursor, because VS Code inserts `InsertTextMode.asIs` text exactly as given.

/** Escapes text for a snippet: `$`, `}` and `\` are syntax there. */
export function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

function scalar(value: unknown): string {
  if (typeof value === 'string') return value.startsWith('^') ? value.slice(1) : value;
  if (value === null) return 'null';
  return String(value);
}

/** The lines of a snippet body as block YAML, indented from column 0 with `unit` spaces per level. */
export function snippetLines(body: unknown, unit: number, depth = 0): string[] {
  const pad = ' '.repeat(unit * depth);
  if (Array.isArray(body)) return body.flatMap((item) => [`${pad}- ${scalar(item)}`]);
  if (body === null || typeof body !== 'object') return [`${pad}${scalar(body)}`];
  const out: string[] = [];
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out.push(`${pad}${key}:`, ...snippetLines(value, unit, depth + 1));
    } else {
      out.push(`${pad}${key}: ${scalar(value)}`);
    }
  }
  return out;
}

/** Joins lines for insertion at a column: the first line goes at the cursor, the others get `indent` spaces. */
export function indentedText(lines: readonly string[], indent: number): string {
  const pad = ' '.repeat(indent);
  return lines.map((l, i) => (i === 0 || l === '' ? l : pad + l)).join('\n');
}
