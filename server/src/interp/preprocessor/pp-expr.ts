/**
 * `#if` expressions: integer constant expressions over intmax_t / uintmax_t
 * (64-bit), after `defined` and macros have been replaced. Identifiers left
 * over count as 0.
 */
import { parseIntLiteral } from '../types/arith.ts';
import { decodeStringBody, type PPToken } from './lexer.ts';

interface V {
  v: bigint;
  u: boolean;
}

export class PPExprError extends Error {}

const BIN_PREC: Record<string, number> = {
  '*': 10,
  '/': 10,
  '%': 10,
  '+': 9,
  '-': 9,
  '<<': 8,
  '>>': 8,
  '<': 7,
  '>': 7,
  '<=': 7,
  '>=': 7,
  '==': 6,
  '!=': 6,
  '&': 5,
  '^': 4,
  '|': 3,
  '&&': 2,
  '||': 1,
};

function norm(x: V): V {
  return { v: x.u ? BigInt.asUintN(64, x.v) : BigInt.asIntN(64, x.v), u: x.u };
}

export function evalPPExpr(toks: PPToken[]): bigint {
  let i = 0;
  const peek = (): string | undefined => toks[i]?.text;
  const expect = (s: string): void => {
    if (toks[i]?.text !== s) throw new PPExprError(`expected "${s}" in #if expression`);
    i++;
  };

  function primary(): V {
    const t = toks[i];
    if (!t) throw new PPExprError('missing value in #if expression');
    i++;
    if (t.text === '(') {
      const v = comma();
      expect(')');
      return v;
    }
    if (t.kind === 'num') {
      const lit = parseIntLiteral(t.text);
      if (!lit) throw new PPExprError(`invalid integer "${t.text}" in #if expression`);
      const u = lit.unsignedSuffix || lit.value > 0x7fffffffffffffffn;
      return norm({ v: lit.value, u });
    }
    if (t.kind === 'chr') {
      const body = t.text.slice(t.text.indexOf("'") + 1, -1);
      const bytes = decodeStringBody(body);
      return { v: BigInt((bytes[0] ?? 0) << 24 >> 24), u: false };
    }
    if (t.kind === 'id') return { v: t.text === 'true' ? 1n : 0n, u: false };
    throw new PPExprError(`unexpected "${t.text}" in #if expression`);
  }

  function unary(): V {
    const t = peek();
    if (t === '!') {
      i++;
      const x = unary();
      return { v: x.v === 0n ? 1n : 0n, u: false };
    }
    if (t === '-') {
      i++;
      const x = unary();
      return norm({ v: -x.v, u: x.u });
    }
    if (t === '+') {
      i++;
      return unary();
    }
    if (t === '~') {
      i++;
      const x = unary();
      return norm({ v: ~x.v, u: x.u });
    }
    return primary();
  }

  function binary(minPrec: number): V {
    let lhs = unary();
    for (;;) {
      const op = peek();
      const prec = op !== undefined ? BIN_PREC[op] : undefined;
      if (prec === undefined || prec < minPrec) break;
      i++;
      if (op === '&&') {
        const rhs = binary(prec + 1);
        lhs = { v: lhs.v !== 0n && rhs.v !== 0n ? 1n : 0n, u: false };
        continue;
      }
      if (op === '||') {
        const rhs = binary(prec + 1);
        lhs = { v: lhs.v !== 0n || rhs.v !== 0n ? 1n : 0n, u: false };
        continue;
      }
      const rhs = binary(prec + 1);
      lhs = apply(op!, lhs, rhs);
    }
    return lhs;
  }

  function conditional(): V {
    const c = binary(1);
    if (peek() !== '?') return c;
    i++;
    const a = comma();
    expect(':');
    const b = conditional();
    const u = a.u || b.u;
    return norm({ v: c.v !== 0n ? a.v : b.v, u });
  }

  function comma(): V {
    let v = conditional();
    while (peek() === ',') {
      i++;
      v = conditional();
    }
    return v;
  }

  const result = comma();
  if (i < toks.length) throw new PPExprError(`unexpected "${toks[i].text}" in #if expression`);
  return result.v;
}

function apply(op: string, a: V, b: V): V {
  const u = a.u || b.u;
  const x = u ? BigInt.asUintN(64, a.v) : a.v;
  const y = u ? BigInt.asUintN(64, b.v) : b.v;
  switch (op) {
    case '*':
      return norm({ v: x * y, u });
    case '/':
      if (y === 0n) throw new PPExprError('division by zero in #if expression');
      return norm({ v: x / y, u });
    case '%':
      if (y === 0n) throw new PPExprError('division by zero in #if expression');
      return norm({ v: x % y, u });
    case '+':
      return norm({ v: x + y, u });
    case '-':
      return norm({ v: x - y, u });
    case '<<':
      return norm({ v: a.v << (b.v & 63n), u: a.u });
    case '>>':
      return norm({ v: (a.u ? BigInt.asUintN(64, a.v) : a.v) >> (b.v & 63n), u: a.u });
    case '<':
      return { v: x < y ? 1n : 0n, u: false };
    case '>':
      return { v: x > y ? 1n : 0n, u: false };
    case '<=':
      return { v: x <= y ? 1n : 0n, u: false };
    case '>=':
      return { v: x >= y ? 1n : 0n, u: false };
    case '==':
      return { v: x === y ? 1n : 0n, u: false };
    case '!=':
      return { v: x !== y ? 1n : 0n, u: false };
    case '&':
      return norm({ v: x & y, u });
    case '^':
      return norm({ v: x ^ y, u });
    case '|':
      return norm({ v: x | y, u });
  }
  throw new PPExprError(`unknown operator "${op}"`);
}

/** Replaces `defined X`, `defined(X)` and `__has_include(...)`/`__has_builtin(...)` by 0/1 before expansion. */
export function replaceDefined(toks: PPToken[], isDefined: (name: string) => boolean, hasInclude: (arg: string) => boolean): PPToken[] {
  const pre: PPToken[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind === 'id' && (t.text === 'defined' || t.text.startsWith('__has_'))) {
      let name: PPToken | undefined;
      let argText = '';
      if (toks[i + 1]?.text === '(') {
        let j = i + 2;
        const parts: PPToken[] = [];
        let depth = 0;
        for (; j < toks.length; j++) {
          if (toks[j].text === '(') depth++;
          if (toks[j].text === ')') {
            if (depth === 0) break;
            depth--;
          }
          parts.push(toks[j]);
        }
        name = parts[0];
        argText = parts.map((p) => p.text).join('');
        i = j;
      } else {
        name = toks[i + 1];
        argText = name?.text ?? '';
        i++;
      }
      let v = false;
      if (t.text === 'defined') v = !!name && isDefined(name.text);
      else if (t.text === '__has_include' || t.text === '__has_include_next') v = hasInclude(argText);
      else if (t.text === '__has_builtin') v = /^__builtin_|^__sync_|^__atomic_/.test(argText);
      else if (t.text === '__has_attribute') v = true;
      else v = false;
      pre.push({ ...t, kind: 'num', text: v ? '1' : '0' });
      continue;
    }
    pre.push(t);
  }
  return pre;
}
