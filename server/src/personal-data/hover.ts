// Hover text of the personal-data side: the `personalData` summary, user field mappings, rich text and
// comments (mentions), and custom fields that no metadata snapshot classifies yet.
import type { ConfigPath } from '../config/diagnostic';
import type { ConfigDocument } from '../config/document';
import type { ValidationContext } from '../config/validator';

/** Markdown for a hover at `path` (the key or value the cursor is on), or undefined when we have nothing to add. */
export function personalDataHover(
  _doc: ConfigDocument,
  _path: ConfigPath,
  _context: ValidationContext = {},
): string | undefined {
  return undefined;
}
