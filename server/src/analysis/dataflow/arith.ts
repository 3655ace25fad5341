/**
 * Interval arithmetic on scalars, folding constants exactly (like the
 * verifier's known values) and keeping where the value comes from.
 */
import { type CType, intRange } from './ctypes.ts';
import { konst, norm, type Prov, type Scalar, scalar } from './values.ts';

function prov2(a: Scalar, b: Scalar): Prov {
  if (a.prov === 'rt' || b.prov === 'rt') return 'rt';
  if (a.prov === 'unk' || b.prov === 'unk') return 'unk';
  return 'const';
}

function isK(s: Scalar): boolean {
  return s.lo === s.hi && Number.isFinite(s.lo);
}

function big(x: number): bigint | undefined {
  return Number.isSafeInteger(x) ? BigInt(x) : undefined;
}

function fromBig(b: bigint): number {
  return norm(Number(b));
}

/** Wraps or widens a scalar to what a C integer type can hold. */
export function fitTo(s: Scalar, t: CType): Scalar {
  if (t.k !== 'int') return s;
  const [lo, hi] = intRange(t);
  if (s.lo >= lo && s.hi <= hi) return s;
  const r = fitToRaw(s, t, lo, hi);
  return s.sid !== undefined && !(r.lo === r.hi) ? { ...r, sid: `${s.sid}|${t.signed ? 's' : 'u'}${t.size}` } : r;
}

function fitToRaw(s: Scalar, t: CType & { k: 'int' }, lo: number, hi: number): Scalar {
  if (isK(s) && t.size < 8) {
    const bits = BigInt(t.size * 8);
    const b = big(s.lo);
    if (b !== undefined) {
      const v = t.signed ? BigInt.asIntN(Number(bits), b) : BigInt.asUintN(Number(bits), b);
      return { ...konst(Number(v)), prov: s.prov };
    }
  }
  if (isK(s) && t.size >= 8 && !t.signed && s.lo < 0) return scalar(0, Infinity, s.prov);
  return scalar(lo, hi, s.prov);
}

export function binop(op: string, a: Scalar, b: Scalar): Scalar {
  const r = binopRaw(op, a, b);
  if (r.lo === r.hi || (a.sid === undefined && b.sid === undefined)) return r;
  const part = (x: Scalar): string | undefined => x.sid ?? (isK(x) ? String(x.lo) : undefined);
  const pa = part(a);
  const pb = part(b);
  return pa !== undefined && pb !== undefined ? { ...r, sid: `(${pa}${op}${pb})` } : r;
}

function binopRaw(op: string, a: Scalar, b: Scalar): Scalar {
  const p = prov2(a, b);
  if (isK(a) && isK(b)) {
    const r = foldConst(op, a.lo, b.lo);
    if (r !== undefined) return { ...konst(r), prov: p };
    return scalar(-Infinity, Infinity, p);
  }
  switch (op) {
    case '+':
      return scalar(a.lo + b.lo, a.hi + b.hi, p);
    case '-':
      return scalar(a.lo - b.hi, a.hi - b.lo, p);
    case '*': {
      const c = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi].map((x) => (Number.isNaN(x) ? 0 : x));
      if ([a.lo, a.hi, b.lo, b.hi].some((x) => !Number.isFinite(x))) return scalar(-Infinity, Infinity, p);
      return scalar(Math.min(...c), Math.max(...c), p);
    }
    case '/':
      if (isK(b) && b.lo > 0 && a.lo >= 0) return scalar(Math.floor(a.lo / b.lo), Math.floor(a.hi / b.lo), p);
      return a.lo >= 0 && b.lo >= 0 ? scalar(0, a.hi, p) : scalar(-Infinity, Infinity, p);
    case '%':
      if (isK(b) && b.lo > 0 && a.lo >= 0) return scalar(0, Math.min(b.lo - 1, a.hi), p);
      return scalar(-Infinity, Infinity, p);
    case '&':
      if (b.lo >= 0 && Number.isFinite(b.hi) && (isK(b) || a.lo >= 0)) return scalar(0, a.lo >= 0 ? Math.min(a.hi, b.hi) : b.hi, p);
      if (a.lo >= 0 && Number.isFinite(a.hi)) return scalar(0, b.lo >= 0 ? Math.min(a.hi, b.hi) : a.hi, p);
      return scalar(-Infinity, Infinity, p);
    case '|':
    case '^':
      if (a.lo >= 0 && b.lo >= 0 && Number.isFinite(a.hi) && Number.isFinite(b.hi)) {
        const m = Math.max(a.hi, b.hi);
        const top = m === 0 ? 0 : 2 ** Math.ceil(Math.log2(m + 1)) - 1;
        return scalar(op === '|' ? Math.max(a.lo, b.lo) : 0, top, p);
      }
      return scalar(-Infinity, Infinity, p);
    case '<<':
      if (isK(b) && b.lo >= 0 && b.lo < 64 && a.lo >= 0) return scalar(a.lo * 2 ** b.lo, a.hi * 2 ** b.lo, p);
      return scalar(-Infinity, Infinity, p);
    case '>>':
      if (isK(b) && b.lo >= 0 && b.lo < 64 && a.lo >= 0) return scalar(Math.floor(a.lo / 2 ** b.lo), Math.floor(a.hi / 2 ** b.lo), p);
      if (a.lo >= 0) return scalar(0, a.hi, p);
      return scalar(-Infinity, Infinity, p);
  }
  return scalar(-Infinity, Infinity, p);
}

function foldConst(op: string, x: number, y: number): number | undefined {
  const bx = big(x);
  const by = big(y);
  switch (op) {
    case '+':
      return norm(x + y);
    case '-':
      return norm(x - y);
    case '*':
      return norm(x * y);
    case '/':
      return y === 0 ? undefined : Math.trunc(x / y);
    case '%':
      return y === 0 ? undefined : x % y;
    case '&':
      return bx !== undefined && by !== undefined ? fromBig(bx & by) : undefined;
    case '|':
      return bx !== undefined && by !== undefined ? fromBig(bx | by) : undefined;
    case '^':
      return bx !== undefined && by !== undefined ? fromBig(bx ^ by) : undefined;
    case '<<':
      return bx !== undefined && y >= 0 && y < 64 ? fromBig(BigInt.asIntN(128, bx << BigInt(y))) : undefined;
    case '>>':
      return bx !== undefined && y >= 0 && y < 64 ? fromBig(bx >> BigInt(y)) : undefined;
  }
  return undefined;
}

export function unop(op: string, a: Scalar): Scalar {
  if (op === '-') return isK(a) ? { ...konst(-a.lo), prov: a.prov } : scalar(-a.hi, -a.lo, a.prov);
  if (op === '+') return a;
  if (op === '~') {
    if (isK(a)) {
      const b = big(a.lo);
      return b !== undefined ? { ...konst(fromBig(~b)), prov: a.prov } : scalar(-Infinity, Infinity, a.prov);
    }
    return scalar(-a.hi - 1, -a.lo - 1, a.prov);
  }
  return scalar(-Infinity, Infinity, a.prov);
}

export type Tri = boolean | undefined;

/** Decides `a op b` from the intervals, if it can. */
export function compare(op: string, a: Scalar, b: Scalar): Tri {
  switch (op) {
    case '<':
      return a.hi < b.lo ? true : a.lo >= b.hi ? false : undefined;
    case '<=':
      return a.hi <= b.lo ? true : a.lo > b.hi ? false : undefined;
    case '>':
      return a.lo > b.hi ? true : a.hi <= b.lo ? false : undefined;
    case '>=':
      return a.lo >= b.hi ? true : a.hi < b.lo ? false : undefined;
    case '==':
      if (isK(a) && isK(b)) return a.lo === b.lo;
      if (a.hi < b.lo || b.hi < a.lo) return false;
      if (isK(b) && a.ne?.includes(b.lo)) return false;
      if (isK(a) && b.ne?.includes(a.lo)) return false;
      return undefined;
    case '!=': {
      const e = compare('==', a, b);
      return e === undefined ? undefined : !e;
    }
  }
  return undefined;
}

/** Narrows `a` given that `a op c` holds (c a constant). */
export function narrow(op: string, a: Scalar, c: number): Scalar | undefined {
  let lo = a.lo;
  let hi = a.hi;
  switch (op) {
    case '<':
      hi = Math.min(hi, c - 1);
      break;
    case '<=':
      hi = Math.min(hi, c);
      break;
    case '>':
      lo = Math.max(lo, c + 1);
      break;
    case '>=':
      lo = Math.max(lo, c);
      break;
    case '==':
      if (c < lo || c > hi) return undefined;
      return { k: 'scalar', lo: c, hi: c, prov: a.prov, ...(a.sid ? { sid: a.sid } : {}) };
    case '!=': {
      if (c === lo && c === hi) return undefined;
      if (c === lo) lo = c + 1;
      else if (c === hi) hi = c - 1;
      else if (c > lo && c < hi) {
        const ne = [...(a.ne ?? []), c].slice(-8);
        return { k: 'scalar', lo, hi, prov: a.prov, ne, ...(a.sid ? { sid: a.sid } : {}) };
      }
      return { k: 'scalar', lo, hi, prov: a.prov, ...(a.ne ? { ne: a.ne } : {}), ...(a.sid ? { sid: a.sid } : {}) };
    }
    default:
      return a;
  }
  if (lo > hi) return undefined;
  const ne = a.ne?.filter((x) => x >= lo && x <= hi);
  return { k: 'scalar', lo, hi, prov: a.prov, ...(ne && ne.length ? { ne } : {}), ...(a.sid ? { sid: a.sid } : {}) };
}

/** The operator that holds when `a op b` does not. */
export function negateOp(op: string): string {
  return ({ '<': '>=', '<=': '>', '>': '<=', '>=': '<', '==': '!=', '!=': '==' } as Record<string, string>)[op] ?? op;
}

/** `a op b` is `b swapped(op) a`. */
export function swapOp(op: string): string {
  return ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' } as Record<string, string>)[op] ?? op;
}
