/**
 * What the cursor is on, worked out from the text alone so that it also works in
 * half-typed code that does not parse: the word under the cursor, the call whose
 * argument list encloses it (callee and argument index), a member access
 * (`ctx->da|`), or a string argument of a macro (`SEC("x|`, `__uint(type, |`).
 */

export interface WordAt {
  word: string;
  start: number;
  end: number;
}

export interface EnclosingCall {
  callee: string;
  /** Offset of the callee name. */
  calleeStart: number;
  /** Offset of the opening parenthesis. */
  open: number;
  /** 0-based index of the argument the cursor is in. */
  argIndex: number;
  /** Start offset of the current argument's text. */
  argStart: number;
  /** Offsets of each argument-separating comma seen so far. */
  commas: number[];
}

export interface MemberAccess {
  /** The expression before `->` or `.` when it is a plain identifier. */
  object: string;
  operator: '->' | '.';
  /** The partial member name typed so far and where it starts. */
  prefix: string;
  prefixStart: number;
}

const IDENT = /[A-Za-z0-9_]/;

export function wordAt(text: string, offset: number): WordAt | null {
  let start = offset;
  let end = offset;
  while (start > 0 && IDENT.test(text[start - 1])) start--;
  while (end < text.length && IDENT.test(text[end])) end++;
  if (start === end || /[0-9]/.test(text[start])) return null;
  return { word: text.slice(start, end), start, end };
}

/** The identifier prefix that ends at `offset` (for completion). */
export function prefixAt(text: string, offset: number): { prefix: string; start: number } {
  let start = offset;
  while (start > 0 && IDENT.test(text[start - 1])) start--;
  return { prefix: text.slice(start, offset), start };
}

/**
 * Walks back from `offset` over balanced brackets, skipping strings, character
 * literals and comments on the way, to the `(` of the innermost enclosing call.
 * Gives up at a `;`, `{` or `}` outside parentheses, or after `limit` characters.
 */
export function enclosingCall(text: string, offset: number, limit = 4000): EnclosingCall | null {
  const masked = maskLiteralsAndComments(text, Math.max(0, offset - limit), offset);
  const base = Math.max(0, offset - limit);
  let depth = 0;
  const commas: number[] = [];
  for (let i = masked.length - 1; i >= 0; i--) {
    const ch = masked[i];
    if (ch === ')' || ch === ']') depth++;
    else if (ch === '[') {
      if (depth === 0) return null;
      depth--;
    } else if (ch === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      let j = i - 1;
      while (j >= 0 && /\s/.test(masked[j])) j--;
      let k = j;
      while (k >= 0 && IDENT.test(masked[k])) k--;
      const callee = masked.slice(k + 1, j + 1);
      if (!callee || /^[0-9]/.test(callee) || ['if', 'while', 'for', 'switch', 'return', 'sizeof'].includes(callee)) return null;
      const open = base + i;
      const absCommas = commas.map((c) => base + c).reverse();
      return {
        callee,
        calleeStart: base + k + 1,
        open,
        argIndex: absCommas.length,
        argStart: absCommas.length ? absCommas[absCommas.length - 1] + 1 : open + 1,
        commas: absCommas,
      };
    } else if (depth === 0 && ch === ',') commas.push(i);
    else if (depth === 0 && (ch === ';' || ch === '{' || ch === '}')) return null;
  }
  return null;
}

/** `obj->pre|` or `obj.pre|` ending at `offset`. */
export function memberAccessAt(text: string, offset: number): MemberAccess | null {
  const { prefix, start } = prefixAt(text, offset);
  let i = start;
  while (i > 0 && /[ \t]/.test(text[i - 1])) i--;
  let operator: '->' | '.';
  if (text.slice(i - 2, i) === '->') operator = '->';
  else if (text[i - 1] === '.') operator = '.';
  else return null;
  let j = i - operator.length;
  while (j > 0 && /[ \t]/.test(text[j - 1])) j--;
  const objEnd = j;
  while (j > 0 && IDENT.test(text[j - 1])) j--;
  const object = text.slice(j, objEnd);
  if (!object || /^[0-9]/.test(object)) return null;
  return { object, operator, prefix, prefixStart: start };
}

/** When the cursor is inside a string literal: its start offset (after the quote) and the text typed so far. */
export function stringAt(text: string, offset: number): { start: number; value: string } | null {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let inString = -1;
  for (let i = lineStart; i < offset; i++) {
    const ch = text[i];
    if (inString >= 0) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = -1;
    } else if (ch === '"') inString = i + 1;
    else if (ch === '/' && text[i + 1] === '/') return null;
  }
  return inString >= 0 ? { start: inString, value: text.slice(inString, offset) } : null;
}

/**
 * A copy of text[from, to) where string/char literal contents and comments are
 * replaced by spaces (same length), so bracket matching ignores them.
 */
export function maskLiteralsAndComments(text: string, from: number, to: number): string {
  const out: string[] = [];
  let i = from;
  // Start scanning at the beginning of the line so a literal opened earlier on the line is seen.
  while (i < to) {
    const ch = text[i];
    if (ch === '/' && text[i + 1] === '/') {
      while (i < to && text[i] !== '\n') {
        out.push(' ');
        i++;
      }
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? to : Math.min(to, end + 2);
      while (i < stop) {
        out.push(text[i] === '\n' ? '\n' : ' ');
        i++;
      }
    } else if (ch === '"' || ch === "'") {
      out.push(ch);
      i++;
      while (i < to && text[i] !== ch && text[i] !== '\n') {
        if (text[i] === '\\') {
          out.push(' ');
          i++;
        }
        if (i < to) {
          out.push(' ');
          i++;
        }
      }
      if (i < to && text[i] === ch) {
        out.push(ch);
        i++;
      }
    } else {
      out.push(ch);
      i++;
    }
  }
  return out.join('');
}
