/**
 * A small C tokenizer used by the BPF macro rewrite. It only needs to know
 * where identifiers, punctuation, literals and preprocessor lines are, and to
 * step over comments, so that macros inside comments, strings or `#define`
 * bodies are never touched. Offsets are JS string indices (UTF-16 code units).
 */

import { Tokens } from './tokens.ts';

export type TokenKind = 'ident' | 'number' | 'string' | 'char' | 'punct' | 'directive';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
}

const CH_NL = 10;
const CH_CR = 13;
const CH_SLASH = 47;
const CH_STAR = 42;
const CH_BACKSLASH = 92;
const CH_DQUOTE = 34;
const CH_SQUOTE = 39;
const CH_HASH = 35;
const CH_DOT = 46;

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c >= 128;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === CH_NL || c === CH_CR || c === 11 || c === 12;
}

/** Index just past a line break at `i` (handles `\r\n`), or `i` if there is none. */
function skipLineBreak(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === CH_CR) return text.charCodeAt(i + 1) === CH_NL ? i + 2 : i + 1;
  if (c === CH_NL) return i + 1;
  return i;
}

/** End of a `//` comment starting at `i` (backslash-newline continues it, as in C). */
function skipLineComment(text: string, i: number): number {
  const n = text.length;
  i += 2;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === CH_BACKSLASH) {
      const next = skipLineBreak(text, i + 1);
      i = next > i + 1 ? next : i + 2;
      continue;
    }
    if (c === CH_NL || c === CH_CR) return i;
    i++;
  }
  return n;
}

/** End of a block comment starting at `i` (unterminated ones run to the end). */
function skipBlockComment(text: string, i: number): number {
  const close = text.indexOf('*/', i + 2);
  return close < 0 ? text.length : close + 2;
}

/** End of a string or char literal starting at the quote at `i`; stops at an unescaped newline. */
function skipQuoted(text: string, i: number, quote: number): number {
  const n = text.length;
  i++;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === quote) return i + 1;
    if (c === CH_BACKSLASH) {
      const next = skipLineBreak(text, i + 1);
      i = next > i + 1 ? next : i + 2;
      continue;
    }
    if (c === CH_NL || c === CH_CR) return i;
    i++;
  }
  return n;
}

/** End of a preprocessor directive starting at `#` (continuations and comments included). */
function skipDirective(text: string, i: number): number {
  const n = text.length;
  i++;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === CH_NL || c === CH_CR) return i;
    if (c === CH_BACKSLASH) {
      const next = skipLineBreak(text, i + 1);
      i = next > i + 1 ? next : i + 2;
      continue;
    }
    if (c === CH_SLASH) {
      const d = text.charCodeAt(i + 1);
      if (d === CH_STAR) {
        i = skipBlockComment(text, i);
        continue;
      }
      if (d === CH_SLASH) return skipLineComment(text, i);
    }
    if (c === CH_DQUOTE || c === CH_SQUOTE) {
      i = skipQuoted(text, i, c);
      continue;
    }
    i++;
  }
  return n;
}

function skipNumber(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isIdentPart(c) || c === CH_DOT || c === CH_SQUOTE) {
      // exponent signs: 1e+5, 0x1p-3
      if ((c === 101 || c === 69 || c === 112 || c === 80) && (text.charCodeAt(i + 1) === 43 || text.charCodeAt(i + 1) === 45)) {
        i += 2;
        continue;
      }
      i++;
      continue;
    }
    break;
  }
  return i;
}

/** Tokenizes C source. Never throws; unterminated constructs run to the end of their line or file. */
export function tokenize(text: string): Token[] {
  return tokenizeFrom(text, 0, true).tokens.toArray();
}

/**
 * Tokenizes `text` from offset `from`, which must be where the full tokenizer
 * would start a token (or 0). `lineStart` says whether only blanks and
 * comments precede it on its line; it matters only for a `#` there, so a
 * restart at an old token's start passes `kind === 'directive'`.
 * `stop(kind, start, end)` is asked after each token; when it says yes, the
 * token is left out of `tokens` and `stopped` is true.
 */
export function tokenizeFrom(
  text: string,
  from: number,
  lineStart: boolean,
  stop?: (kind: TokenKind, start: number, end: number) => boolean,
): { tokens: Tokens; stopped: boolean } {
  const tokens = new Tokens(stop ? 64 : Math.max(64, (text.length - from) >> 2));
  const n = text.length;
  let i = from;
  let atLineStart = lineStart; // only whitespace/comments seen since the last newline
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === CH_NL || c === CH_CR) {
      atLineStart = true;
      i++;
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === CH_BACKSLASH) {
      const next = skipLineBreak(text, i + 1);
      if (next > i + 1) {
        i = next; // line splice outside a directive
        continue;
      }
    }
    if (c === CH_SLASH) {
      const d = text.charCodeAt(i + 1);
      if (d === CH_SLASH) {
        i = skipLineComment(text, i);
        continue;
      }
      if (d === CH_STAR) {
        i = skipBlockComment(text, i);
        continue;
      }
    }
    let kind: TokenKind;
    let end: number;
    if (c === CH_HASH && atLineStart) {
      kind = 'directive';
      end = skipDirective(text, i);
    } else {
      atLineStart = false;
      if (isIdentStart(c)) {
        kind = 'ident';
        end = i + 1;
        while (end < n && isIdentPart(text.charCodeAt(end))) end++;
      } else if (isDigit(c) || (c === CH_DOT && isDigit(text.charCodeAt(i + 1)))) {
        kind = 'number';
        end = skipNumber(text, i + 1);
      } else if (c === CH_DQUOTE) {
        kind = 'string';
        end = skipQuoted(text, i, CH_DQUOTE);
      } else if (c === CH_SQUOTE) {
        kind = 'char';
        end = skipQuoted(text, i, CH_SQUOTE);
      } else {
        kind = 'punct';
        end = i + 1;
      }
    }
    if (stop && stop(kind, i, end)) return { tokens, stopped: true };
    tokens.push(kind, i, end);
    i = end;
  }
  return { tokens, stopped: false };
}

/** The value of a C string literal token's text (quotes removed, simple escapes decoded). */
export function stringLiteralValue(literal: string): string {
  let body = literal;
  if (body.startsWith('"')) body = body.slice(1);
  if (body.endsWith('"')) body = body.slice(0, -1);
  return body.replace(/\\(x[0-9a-fA-F]+|[0-7]{1,3}|\r?\n|.)/g, (_m, e: string) => {
    switch (e[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
        return String.fromCharCode(parseInt(e, 8));
      case 'x':
        return String.fromCharCode(parseInt(e.slice(1), 16));
      case '\r':
      case '\n':
        return '';
      default:
        return e;
    }
  });
}
