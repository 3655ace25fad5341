/**
 * Text helpers of the BPF macro rewrite: same-length blanking and the
 * parsing of `__attribute__((...))` lists.
 */
import type { AttributeItem } from './macro-records.ts';

/** Spaces for ASCII, line breaks and non-ASCII kept; wrapped in a comment when non-ASCII remains. */
export function blankText(s: string): string {
  const out: string[] = new Array<string>(s.length);
  let nonAscii = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || c === 13) out[i] = s[i];
    else if (c >= 128) {
      out[i] = s[i];
      nonAscii = true;
    } else out[i] = ' ';
  }
  if (nonAscii && s.length >= 4) {
    const ok = (i: number): boolean => out[i] === ' ';
    if (ok(0) && ok(1) && ok(s.length - 2) && ok(s.length - 1)) {
      out[0] = '/';
      out[1] = '*';
      out[s.length - 2] = '*';
      out[s.length - 1] = '/';
    }
  }
  return out.join('');
}

/** `word` followed by spaces up to `length` (keeps line breaks of `original`). */
export function padded(word: string, original: string): string {
  return word + blankText(original.slice(word.length));
}

/** Splits `a, b(c, d), e` into attribute items, names stripped of surrounding `__`. */
export function parseAttributeList(inner: string): AttributeItem[] {
  const items: AttributeItem[] = [];
  let depth = 0;
  let from = 0;
  const push = (part: string): void => {
    const s = part.trim();
    if (!s) return;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(([\s\S]*)\))?$/.exec(s);
    if (!m) {
      items.push({ name: s });
      return;
    }
    const name = m[1].replace(/^__(.*)__$/, '$1');
    items.push(m[2] !== undefined ? { name, args: m[2].trim() } : { name });
  };
  let quote = '';
  for (let k = 0; k < inner.length; k++) {
    const c = inner[k];
    if (quote) {
      if (c === '\\') k++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      push(inner.slice(from, k));
      from = k + 1;
    }
  }
  push(inner.slice(from));
  return items;
}
