// Email addresses written into a config (`personal-data-in-config`): one linear pass over the text, so a
// 5k-line config costs almost nothing. `sites.<name>.auth.email` is the one place an address belongs.
import { isMap } from 'yaml';
import type { ConfigDocument } from '../config/document';
import { keyText } from '../config/document';

const LOCAL = /[A-Za-z0-9._%+-]/;
const DOMAIN = /[A-Za-z0-9.-]/;

export interface EmailOccurrence {
  start: number;
  end: number;
}

/** The [start, end) offsets of each site's `auth.email` value: addresses there are expected. */
function allowedRanges(doc: ConfigDocument): [number, number][] {
  const ranges: [number, number][] = [];
  const sites = doc.resolve(doc.find(['sites'])?.value);
  if (!isMap(sites)) return ranges;
  for (const pair of sites.items) {
    const name = keyText(pair.key);
    if (name === undefined) continue;
    const email = doc.find(['sites', name, 'auth', 'email'])?.value;
    if (email?.range) ranges.push([email.range[0], email.range[1]]);
  }
  return ranges;
}

/** Every email address in the document text outside `auth.email`, in order. */
export function findEmailAddresses(doc: ConfigDocument): EmailOccurrence[] {
  const text = doc.text;
  const found: EmailOccurrence[] = [];
  let allowed: [number, number][] | undefined;
  let at = text.indexOf('@');
  while (at !== -1) {
    let start = at;
    while (start > 0 && LOCAL.test(text[start - 1] ?? '')) start--;
    let end = at + 1;
    while (end < text.length && DOMAIN.test(text[end] ?? '')) end++;
    while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--; // "mail me at a@b.com."
    const local = text.slice(start, at);
    const domain = text.slice(at + 1, end);
    if (local.length > 0 && /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(domain)) {
      allowed ??= allowedRanges(doc);
      if (!allowed.some(([s, e]) => start >= s && end <= e)) found.push({ start, end });
    }
    at = text.indexOf('@', Math.max(end, at + 1));
  }
  return found;
}
