/**
 * Preprocessing tokens of one file. Comments become whitespace; a backslash
 * before a line break joins the lines. Every token keeps its offsets in the
 * file, whether it starts a line (for directives) and whether whitespace
 * precedes it (for stringification).
 */

export type TokKind = 'id' | 'num' | 'str' | 'chr' | 'punct' | 'other';

export interface SrcRange {
  file: number;
  start: number;
  end: number;
}

export interface PPToken {
  kind: TokKind;
  text: string;
  file: number;
  start: number;
  end: number;
  /** First token of a logical line. */
  bol: boolean;
  /** Whitespace (or a comment) precedes the token. */
  space: boolean;
  /** Macro names that must not expand this token again. */
  hide?: ReadonlySet<string>;
  /** Where the outermost macro invocation that produced this token was written. */
  site?: SrcRange;
}

const PUNCTS3 = ['...', '<<=', '>>='];
const PUNCTS2 = ['->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '*=', '/=', '%=', '+=', '-=', '&=', '^=', '|=', '##'];

function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c >= 128;
}

function isIdChar(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export interface LexResult {
  tokens: PPToken[];
  /** Unterminated comments/literals. */
  errors: { message: string; start: number; end: number }[];
}

export function lex(text: string, file: number): LexResult {
  const tokens: PPToken[] = [];
  const errors: LexResult['errors'] = [];
  const n = text.length;
  let i = 0;
  let bol = true;
  let space = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    // line splice
    if (c === 92 /* \ */ && (text.charCodeAt(i + 1) === 10 || (text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10))) {
      i += text.charCodeAt(i + 1) === 13 ? 3 : 2;
      continue;
    }
    if (c === 10) {
      bol = true;
      space = false;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      space = true;
      i++;
      continue;
    }
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      // line comment (a splice continues it)
      i += 2;
      while (i < n && text.charCodeAt(i) !== 10) {
        if (text.charCodeAt(i) === 92 && text.charCodeAt(i + 1) === 10) i++;
        i++;
      }
      space = true;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) {
        errors.push({ message: 'unterminated comment', start: i, end: n });
        i = n;
      } else i = close + 2;
      space = true;
      continue;
    }
    const start = i;
    let kind: TokKind;
    // string / char literal with optional prefix
    let prefixLen = 0;
    if (c === 76 || c === 85 || c === 117) {
      // L, U, u, u8
      const c1 = text.charCodeAt(i + 1);
      if (c1 === 34 || c1 === 39) prefixLen = 1;
      else if (c === 117 && c1 === 56 && (text.charCodeAt(i + 2) === 34 || text.charCodeAt(i + 2) === 39)) prefixLen = 2;
    }
    const q = text.charCodeAt(i + prefixLen);
    if (q === 34 || q === 39) {
      i += prefixLen + 1;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) {
          i += 2;
          continue;
        }
        if (d === q) {
          i++;
          break;
        }
        if (d === 10) {
          errors.push({ message: `missing terminating ${q === 34 ? '"' : "'"} character`, start, end: i });
          break;
        }
        i++;
      }
      kind = q === 34 ? 'str' : 'chr';
    } else if (isIdStart(c)) {
      i++;
      while (i < n && isIdChar(text.charCodeAt(i))) i++;
      kind = 'id';
    } else if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        const prev = text.charCodeAt(i - 1) | 32;
        if ((d === 43 || d === 45) && (prev === 101 || prev === 112)) {
          i++;
          continue;
        }
        if (isIdChar(d) || d === 46 || d === 39) {
          i++;
          continue;
        }
        break;
      }
      kind = 'num';
    } else {
      const three = text.slice(i, i + 3);
      const two = text.slice(i, i + 2);
      if (PUNCTS3.includes(three)) i += 3;
      else if (PUNCTS2.includes(two)) i += 2;
      else i++;
      kind = /[\w\s]/.test(text[start]) ? 'other' : 'punct';
    }
    tokens.push({ kind, text: text.slice(start, i), file, start, end: i, bol, space });
    bol = false;
    space = false;
  }
  return { tokens, errors };
}

/** Lexes a string that should form exactly one token (for `##`); undefined if it does not. */
export function lexOne(text: string): { kind: TokKind; text: string } | undefined {
  const r = lex(text, -1);
  if (r.tokens.length !== 1 || r.errors.length) return undefined;
  return { kind: r.tokens[0].kind, text: r.tokens[0].text };
}

/** The value of a C string literal's characters (escapes decoded) as bytes (UTF-8). */
export function decodeStringBody(body: string): number[] {
  const out: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      const code = body.charCodeAt(i);
      if (code < 128) out.push(code);
      else {
        const cp = body.codePointAt(i)!;
        if (cp > 0xffff) i++;
        out.push(...enc.encode(String.fromCodePoint(cp)));
      }
      continue;
    }
    const e = body[++i];
    switch (e) {
      case 'n':
        out.push(10);
        break;
      case 't':
        out.push(9);
        break;
      case 'r':
        out.push(13);
        break;
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7': {
        let v = 0;
        let k = 0;
        while (k < 3 && /[0-7]/.test(body[i] ?? '')) {
          v = v * 8 + Number(body[i]);
          i++;
          k++;
        }
        i--;
        out.push(v & 0xff);
        break;
      }
      case 'x': {
        let v = 0;
        i++;
        while (/[0-9a-fA-F]/.test(body[i] ?? '')) {
          v = v * 16 + parseInt(body[i], 16);
          i++;
        }
        i--;
        out.push(v & 0xff);
        break;
      }
      case 'a':
        out.push(7);
        break;
      case 'b':
        out.push(8);
        break;
      case 'f':
        out.push(12);
        break;
      case 'v':
        out.push(11);
        break;
      case 'e':
        out.push(27);
        break;
      case undefined:
        break;
      default:
        out.push(e.charCodeAt(0));
    }
  }
  return out;
}

/** Lexed built-in headers, by text (file ids are filled in per run). */
const builtinLexCache = new Map<string, { tokens: PPToken[]; directivesOnly: PPToken[] }>();

function directiveTokens(tokens: PPToken[]): PPToken[] {
  const out: PPToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!(tokens[i].bol && tokens[i].text === '#')) continue;
    out.push(tokens[i]);
    for (i++; i < tokens.length && !tokens[i].bol; i++) out.push(tokens[i]);
    i--;
  }
  return out;
}

/** The tokens of a built-in header (cached by text; file ids are -1, the caller fills them in). */
export function lexBuiltin(text: string): { tokens: PPToken[]; directivesOnly: PPToken[] } {
  let cached = builtinLexCache.get(text);
  if (!cached) {
    const toks = lex(text, -1).tokens;
    if (toks.length) toks[0] = { ...toks[0], bol: true };
    cached = { tokens: toks, directivesOnly: directiveTokens(toks) };
    builtinLexCache.set(text, cached);
  }
  return cached;
}
