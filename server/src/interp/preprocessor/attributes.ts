/**
 * GNU attributes in the expanded token stream: `__attribute__((a, b(x)))` is
 * read into items (the preprocessor drops it from the text and keeps it by
 * offset, because the C grammar cannot place attributes everywhere clang can).
 */
import type { PPToken } from './lexer.ts';
import type { AttributeItem } from './preprocess.ts';

/** Reads a parenthesised group; `next` yields expanded tokens. */
export function readBalanced(next: () => PPToken | undefined): PPToken[] | undefined {
  const first = next();
  if (!first || first.text !== '(') return first ? [first] : undefined;
  const out = [first];
  let depth = 1;
  while (depth > 0) {
    const t = next();
    if (!t) break;
    if (t.text === '(') depth++;
    if (t.text === ')') depth--;
    out.push(t);
  }
  return out;
}

/** Reads `((...))` after `__attribute__` into its items. */
export function readAttribute(next: () => PPToken | undefined): AttributeItem[] | undefined {
  const toks = readBalanced(next);
  if (!toks) return undefined;
  const inner = toks.slice(2, -2);
  const items: AttributeItem[] = [];
  let cur: PPToken[] = [];
  let depth = 0;
  const flush = (): void => {
    if (!cur.length) return;
    const name = cur[0].text.replace(/^__(.*)__$/, '$1');
    let args: string[] | undefined;
    if (cur[1]?.text === '(') {
      args = [];
      let d = 0;
      let arg = '';
      for (const t of cur.slice(2, -1)) {
        if (t.text === '(') d++;
        if (t.text === ')') d--;
        if (t.text === ',' && d === 0) {
          args.push(arg);
          arg = '';
          continue;
        }
        arg += (arg ? ' ' : '') + t.text;
      }
      args.push(arg);
    }
    items.push({ name, args });
    cur = [];
  };
  for (const t of inner) {
    if (t.text === '(') depth++;
    if (t.text === ')') depth--;
    if (t.text === ',' && depth === 0) {
      flush();
      continue;
    }
    cur.push(t);
  }
  flush();
  return items;
}
