/**
 * Evaluates small C integer constant expressions written in the source, such
 * as map sizes: `1 << 10`, `256 * 1024`, `MAX_ENTRIES` (an object-like
 * #define), `sizeof(__u32)`. Returns undefined for anything it cannot decide.
 */
import { tokenize } from '../syntax/scanner.ts';

/** Sizes of scalar types on the BPF target (LP64). */
const TYPE_SIZES: Readonly<Record<string, number>> = {
  char: 1,
  'signed char': 1,
  'unsigned char': 1,
  bool: 1,
  _Bool: 1,
  __u8: 1,
  __s8: 1,
  u8: 1,
  s8: 1,
  uint8_t: 1,
  int8_t: 1,
  short: 2,
  'unsigned short': 2,
  __u16: 2,
  __s16: 2,
  __be16: 2,
  __le16: 2,
  __sum16: 2,
  u16: 2,
  s16: 2,
  uint16_t: 2,
  int16_t: 2,
  int: 4,
  unsigned: 4,
  'unsigned int': 4,
  __u32: 4,
  __s32: 4,
  __be32: 4,
  __le32: 4,
  __wsum: 4,
  u32: 4,
  s32: 4,
  uint32_t: 4,
  int32_t: 4,
  pid_t: 4,
  float: 4,
  long: 8,
  'unsigned long': 8,
  'long long': 8,
  'unsigned long long': 8,
  __u64: 8,
  __s64: 8,
  __be64: 8,
  __le64: 8,
  u64: 8,
  s64: 8,
  uint64_t: 8,
  int64_t: 8,
  size_t: 8,
  double: 8,
};

/** Size in bytes of a scalar or pointer type name, if known. */
export function sizeOfType(type: string): number | undefined {
  const t = type.replace(/\b(const|volatile)\b/g, '').replace(/\s+/g, ' ').trim();
  if (t.endsWith('*')) return 8;
  return TYPE_SIZES[t];
}

export type MacroLookup = (name: string) => string | undefined;

class Evaluator {
  private pos = 0;
  constructor(
    private readonly toks: string[],
    private readonly macros: MacroLookup,
    private readonly depth: number,
  ) {}

  run(): number | undefined {
    const v = this.ternary();
    return this.pos === this.toks.length ? v : undefined;
  }

  private peek(): string | undefined {
    return this.toks[this.pos];
  }

  private eat(t: string): boolean {
    if (this.toks[this.pos] === t) {
      this.pos++;
      return true;
    }
    return false;
  }

  private ternary(): number | undefined {
    const c = this.binary(0);
    if (!this.eat('?')) return c;
    const a = this.ternary();
    if (!this.eat(':')) return undefined;
    const b = this.ternary();
    return c === undefined ? undefined : c !== 0 ? a : b;
  }

  private static readonly PREC: Record<string, number> = {
    '||': 1,
    '&&': 2,
    '|': 3,
    '^': 4,
    '&': 5,
    '==': 6,
    '!=': 6,
    '<': 7,
    '>': 7,
    '<=': 7,
    '>=': 7,
    '<<': 8,
    '>>': 8,
    '+': 9,
    '-': 9,
    '*': 10,
    '/': 10,
    '%': 10,
  };

  private binary(min: number): number | undefined {
    let left = this.unary();
    for (;;) {
      const op = this.peek();
      const p = op !== undefined ? Evaluator.PREC[op] : undefined;
      if (p === undefined || p <= min) return left;
      this.pos++;
      const right = this.binary(p);
      left = applyBinaryOperator(op as string, left, right);
    }
  }

  private unary(): number | undefined {
    const t = this.peek();
    if (t === '-' || t === '+' || t === '~' || t === '!') {
      this.pos++;
      const v = this.unary();
      if (v === undefined) return undefined;
      return t === '-' ? -v : t === '+' ? v : t === '~' ? ~v : v === 0 ? 1 : 0;
    }
    return this.primary();
  }

  private primary(): number | undefined {
    const t = this.peek();
    if (t === undefined) return undefined;
    this.pos++;
    if (t === '(') {
      // a cast such as (__u32)x: skip the type
      const castEnd = this.toks.indexOf(')', this.pos);
      if (castEnd > this.pos && this.toks.slice(this.pos, castEnd).every((x) => /^[A-Za-z_]\w*$|^\*$/.test(x)) && this.isTypeName(this.toks.slice(this.pos, castEnd))) {
        this.pos = castEnd + 1;
        return this.unary();
      }
      const v = this.ternary();
      return this.eat(')') ? v : undefined;
    }
    if (t === 'sizeof') {
      if (!this.eat('(')) return undefined;
      const end = this.toks.indexOf(')', this.pos);
      if (end < 0) return undefined;
      const size = sizeOfType(this.toks.slice(this.pos, end).join(' ').replace(/ \*/g, ' *'));
      this.pos = end + 1;
      return size;
    }
    if (/^[0-9]/.test(t)) return parseNumber(t);
    if (/^'.'$/.test(t)) return t.charCodeAt(1);
    if (/^[A-Za-z_]\w*$/.test(t)) {
      const body = this.depth < 8 ? this.macros(t) : undefined;
      return body === undefined ? undefined : evaluateConstant(body, this.macros, this.depth + 1);
    }
    return undefined;
  }

  private isTypeName(parts: string[]): boolean {
    const words = parts.filter((p) => p !== '*');
    return words.length > 0 && (parts.includes('*') || sizeOfType(words.join(' ')) !== undefined);
  }
}

/** A C binary operator on two integer values (undefined for an unknown operand, division by 0, bad shifts). */
export function applyBinaryOperator(op: string, a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined) return undefined;
  switch (op) {
    case '||':
      return a || b ? 1 : 0;
    case '&&':
      return a && b ? 1 : 0;
    case '|':
      return Number(BigInt(a) | BigInt(b));
    case '^':
      return Number(BigInt(a) ^ BigInt(b));
    case '&':
      return Number(BigInt(a) & BigInt(b));
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case '<':
      return a < b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '<<':
      return b < 0 || b > 63 ? undefined : Number(BigInt(a) << BigInt(b));
    case '>>':
      return b < 0 || b > 63 ? undefined : Number(BigInt(a) >> BigInt(b));
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? undefined : Math.trunc(a / b);
    case '%':
      return b === 0 ? undefined : a % b;
  }
  return undefined;
}

/** Parses a C integer literal (decimal, hex, octal, binary; u/l suffixes). */
export function parseNumber(lit: string): number | undefined {
  const s = lit.replace(/'/g, '').replace(/[uUlL]+$/, '');
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) v = parseInt(s.slice(2), 16);
  else if (/^0[bB][01]+$/.test(s)) v = parseInt(s.slice(2), 2);
  else if (/^0[0-7]*$/.test(s)) v = parseInt(s, 8);
  else if (/^[1-9][0-9]*$/.test(s)) v = parseInt(s, 10);
  else return undefined;
  return Number.isFinite(v) ? v : undefined;
}

const TWO_CHAR_OPS = new Set(['<<', '>>', '<=', '>=', '==', '!=', '&&', '||']);

function splitTokens(text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) {
    if (t.kind === 'directive') return [];
    const s = text.slice(t.start, t.end);
    const last = out[out.length - 1];
    if (t.kind === 'punct' && last !== undefined && last.length === 1 && TWO_CHAR_OPS.has(last + s) && text[t.start - 1] === last) {
      out[out.length - 1] = last + s;
    } else out.push(s);
  }
  return out;
}

/** The value of a constant expression, or undefined. */
export function evaluateConstant(text: string, macros: MacroLookup = () => undefined, depth = 0): number | undefined {
  try {
    const toks = splitTokens(text);
    if (toks.length === 0) return undefined;
    return new Evaluator(toks, macros, depth).run();
  } catch {
    return undefined;
  }
}
