// Rich text as Atlassian Document Format (ADF): writes go out in ADF only, because a string description makes
// jira.js fall back to /rest/api/2 (DESIGN.md §6).

export interface AdfNode {
  type: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: unknown[];
  content?: AdfNode[];
  version?: number;
}

export function isAdfDoc(value: unknown): value is AdfNode {
  return value !== null && typeof value === 'object' && (value as { type?: unknown }).type === 'doc';
}

/** Plain text as an ADF document: one paragraph per line, empty lines dropped. */
export function textToAdf(text: string): AdfNode {
  const lines = text.split(/\r?\n/);
  const content: AdfNode[] = lines.map((line) =>
    line === ''
      ? { type: 'paragraph', content: [] }
      : { type: 'paragraph', content: [{ type: 'text', text: line }] },
  );
  return {
    type: 'doc',
    version: 1,
    content: content.length > 0 ? content : [{ type: 'paragraph', content: [] }],
  };
}

/** The text of an ADF document (for `as: text` and text fields); mentions contribute a placeholder. */
export function adfToText(node: AdfNode): string {
  const blocks: string[] = [];
  const walk = (n: AdfNode, into: string[]): void => {
    if (n.type === 'text' && typeof n.text === 'string') into.push(n.text);
    else if (n.type === 'hardBreak') into.push('\n');
    else if (n.type === 'mention') into.push(MENTION_PLACEHOLDER);
    else if (n.type === 'emoji') into.push(typeof n.attrs?.text === 'string' ? n.attrs.text : '');
    for (const child of n.content ?? []) walk(child, into);
  };
  for (const block of node.type === 'doc' ? (node.content ?? []) : [node]) {
    const parts: string[] = [];
    walk(block, parts);
    blocks.push(parts.join(''));
  }
  return blocks.join('\n');
}

/** What a mention of a person becomes when personal data is not exchanged: no name, no id. */
export const MENTION_PLACEHOLDER = '@user';

/** A copy of the document where every mention is replaced by a neutral placeholder (no name, no account id). */
export function scrubMentions(node: AdfNode): AdfNode {
  if (node.type === 'mention') return { type: 'text', text: MENTION_PLACEHOLDER };
  if (!node.content) return { ...node };
  return { ...node, content: node.content.map(scrubMentions) };
}

/** A copy of the document where mentions keep only the account id (the target renders the name itself). */
export function mentionsByIdOnly(node: AdfNode): AdfNode {
  if (node.type === 'mention') {
    const id = node.attrs?.id;
    return { type: 'mention', attrs: typeof id === 'string' ? { id } : {} };
  }
  if (!node.content) return { ...node };
  return { ...node, content: node.content.map(mentionsByIdOnly) };
}

/** Puts text in front of the document's first paragraph (for `prefix` on rich text). */
export function prefixAdf(node: AdfNode, prefix: string): AdfNode {
  const content = [...(node.content ?? [])];
  const first = content[0];
  if (first && first.type === 'paragraph') {
    content[0] = { ...first, content: [{ type: 'text', text: prefix }, ...(first.content ?? [])] };
  } else {
    content.unshift({ type: 'paragraph', content: [{ type: 'text', text: prefix }] });
  }
  return { ...node, content };
}
