/**
 * Operators as closures, chosen at compile time by operand type: 32-bit
 * integer arithmetic on numbers, 64-bit on bigint, pointer arithmetic on
 * (region, offset) pointers. Integer-typed values that hold a pointer at run
 * time (`long data = ctx->data`) take a slower path that keeps them pointers.
 */
import { Ptr, type Value } from '../memory/region.ts';
import { wrapBig, wrapNum } from '../types/arith.ts';
import { isRecord, sizeOf, type CType, type IntType } from '../types/ctypes.ts';
import { Fault } from './fault.ts';
import type { Ev, Frame } from './machine.ts';

export type Conv = (v: Value) => Value;


/** The conversion from one type to another (C's conversion rules), or null when none is needed. */
export function conversion(from: CType, to: CType): Conv | null {
  if (to.k === 'void' || isRecord(to) || to.k === 'arr' || to.k === 'fn') return null;
  if (to.k === 'float' || from.k === 'float') return () => {
    throw new Fault('floating-point arithmetic is not supported by BPF', 'unsupported');
  };
  if (to.k === 'ptr') {
    if (from.k === 'int') return from.size === 8 ? (v) => (typeof v === 'bigint' ? Number(v) : v) : null;
    return null;
  }
  // to integer
  const t = to;
  if (t.bool) return (v) => (v !== 0 && v !== 0n ? 1 : 0);
  if (from.k === 'ptr' || from.k === 'arr' || from.k === 'fn') {
    if (t.size === 8) return (v) => (typeof v === 'number' ? (t.signed ? BigInt(v) : BigInt.asUintN(64, BigInt(v))) : v);
    return (v) => (typeof v === 'number' ? wrapNum(v, t.size as 1 | 2 | 4, t.signed) : v);
  }
  if (from.k !== 'int') return null;
  const f = from;
  if (f.size === t.size && f.signed === t.signed) return null;
  if (t.size === 8) {
    if (f.size === 8) return (v) => (typeof v === 'bigint' ? wrapBig(v, t.signed) : v);
    if (t.signed || !f.signed) return (v) => (typeof v === 'number' ? BigInt(v) : v);
    return (v) => (typeof v === 'number' ? BigInt.asUintN(64, BigInt(v)) : v);
  }
  const size = t.size as 1 | 2 | 4;
  if (f.size === 8) return (v) => (typeof v === 'bigint' ? wrapNum(Number(BigInt.asUintN(32, v)), size, t.signed) : v);
  if (f.size < t.size && (t.signed || !f.signed)) return null; // widening keeps the value
  return (v) => (typeof v === 'number' ? wrapNum(v, size, t.signed) : v);
}

export function convEv(ev: Ev, c: Conv | null): Ev {
  if (!c) return ev;
  return (f) => c(ev(f));
}

export function truthy(v: Value): boolean {
  return v !== 0 && v !== 0n;
}

function ptrOp(op: string, a: Value, b: Value, t: IntType | undefined): Value {
  if (a instanceof Ptr && !(b instanceof Ptr)) {
    if (op === '+') return a.add(Number(b));
    if (op === '-') return a.add(-Number(b));
  }
  if (b instanceof Ptr && !(a instanceof Ptr) && op === '+') return b.add(Number(a));
  if (a instanceof Ptr && b instanceof Ptr && op === '-') {
    if (a.r.space !== b.r.space) throw new Fault('subtraction of pointers into different memory regions', 'invalid-pointer');
    const d = a.off - b.off;
    return t && t.size === 8 ? BigInt(d) : d;
  }
  throw new Fault(`operator "${op}" applied to a pointer value (only + and - with an integer are allowed)`, 'invalid-pointer');
}

/** Integer binary arithmetic in type t (operands already converted to t). */
export function intArith(op: string, t: IntType, a: Ev, b: Ev): Ev {
  if (t.size === 8) return wideArith(op, t, a, b);
  const s = t.signed;
  switch (op) {
    case '+':
      return s
        ? (f) => {
            const x = a(f), y = b(f);
            return typeof x === 'number' && typeof y === 'number' ? (x + y) | 0 : ptrOp('+', x, y, t);
          }
        : (f) => {
            const x = a(f), y = b(f);
            return typeof x === 'number' && typeof y === 'number' ? (x + y) >>> 0 : ptrOp('+', x, y, t);
          };
    case '-':
      return s
        ? (f) => {
            const x = a(f), y = b(f);
            return typeof x === 'number' && typeof y === 'number' ? (x - y) | 0 : ptrOp('-', x, y, t);
          }
        : (f) => {
            const x = a(f), y = b(f);
            return typeof x === 'number' && typeof y === 'number' ? (x - y) >>> 0 : ptrOp('-', x, y, t);
          };
    case '*':
      return s ? (f) => Math.imul(num(a(f)), num(b(f))) : (f) => Math.imul(num(a(f)), num(b(f))) >>> 0;
    case '/':
      return s
        ? (f) => {
            const x = num(a(f)), y = num(b(f));
            return y === 0 ? 0 : (x / y) | 0;
          }
        : (f) => {
            const x = num(a(f)), y = num(b(f));
            return y === 0 ? 0 : Math.floor(x / y);
          };
    case '%':
      return s
        ? (f) => {
            const x = num(a(f)), y = num(b(f));
            return y === 0 ? x : (x % y) | 0;
          }
        : (f) => {
            const x = num(a(f)), y = num(b(f));
            return y === 0 ? x : x % y;
          };
    case '&':
      return s ? (f) => num(a(f)) & num(b(f)) : (f) => (num(a(f)) & num(b(f))) >>> 0;
    case '|':
      return s ? (f) => num(a(f)) | num(b(f)) : (f) => (num(a(f)) | num(b(f))) >>> 0;
    case '^':
      return s ? (f) => num(a(f)) ^ num(b(f)) : (f) => (num(a(f)) ^ num(b(f))) >>> 0;
  }
  throw new Error(`unknown operator ${op}`);
}

function num(v: Value): number {
  if (typeof v === 'number') return v;
  throw new Fault('arithmetic on a pointer value', 'invalid-pointer');
}

function big(v: Value): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(v);
  throw new Fault('arithmetic on a pointer value', 'invalid-pointer');
}

function wideArith(op: string, t: IntType, a: Ev, b: Ev): Ev {
  const w = t.signed ? (v: bigint) => BigInt.asIntN(64, v) : (v: bigint) => BigInt.asUintN(64, v);
  switch (op) {
    case '+':
      return (f) => {
        const x = a(f), y = b(f);
        return typeof x === 'bigint' && typeof y === 'bigint' ? w(x + y) : ptrOp('+', x, y, t);
      };
    case '-':
      return (f) => {
        const x = a(f), y = b(f);
        return typeof x === 'bigint' && typeof y === 'bigint' ? w(x - y) : ptrOp('-', x, y, t);
      };
    case '*':
      return (f) => w(big(a(f)) * big(b(f)));
    case '/':
      return (f) => {
        const x = big(a(f)), y = big(b(f));
        return y === 0n ? 0n : w(x / y);
      };
    case '%':
      return (f) => {
        const x = big(a(f)), y = big(b(f));
        return y === 0n ? x : w(x % y);
      };
    case '&':
      return (f) => w(big(a(f)) & big(b(f)));
    case '|':
      return (f) => w(big(a(f)) | big(b(f)));
    case '^':
      return (f) => w(big(a(f)) ^ big(b(f)));
  }
  throw new Error(`unknown operator ${op}`);
}

/** Shifts: the result has the (promoted) left operand's type; the count is masked as BPF masks it. */
export function shift(op: '<<' | '>>', t: IntType, a: Ev, count: Ev): Ev {
  if (t.size === 8) {
    const w = t.signed ? (v: bigint) => BigInt.asIntN(64, v) : (v: bigint) => BigInt.asUintN(64, v);
    return op === '<<' ? (f) => w(big(a(f)) << (big(count(f)) & 63n)) : (f) => w(big(a(f)) >> (big(count(f)) & 63n));
  }
  const cnt = (f: Frame): number => {
    const c = count(f);
    return typeof c === 'bigint' ? Number(c & 31n) : num(c) & 31;
  };
  if (op === '<<') return t.signed ? (f) => num(a(f)) << cnt(f) : (f) => (num(a(f)) << cnt(f)) >>> 0;
  return t.signed ? (f) => num(a(f)) >> cnt(f) : (f) => num(a(f)) >>> cnt(f);
}

function cmpValues(x: Value, y: Value): number {
  if (x instanceof Ptr || y instanceof Ptr) {
    if (x instanceof Ptr && y instanceof Ptr) {
      if (x.r.space !== y.r.space) {
        if (x.r === y.r) return x.off - y.off;
        throw new Fault(`comparison of pointers into different memory (${x.r.kind} and ${y.r.kind})`, 'invalid-pointer');
      }
      return x.off - y.off;
    }
    const other = x instanceof Ptr ? y : x;
    if (other === 0 || other === 0n) return x instanceof Ptr ? 1 : -1; // non-NULL vs NULL
    throw new Fault('comparison of a pointer with a non-zero integer', 'invalid-pointer');
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Relational and equality operators (operands converted to a common type); result is int 0/1. */
export function compare(op: string, a: Ev, b: Ev): Ev {
  switch (op) {
    case '<':
      return (f) => {
        const x = a(f), y = b(f);
        return typeof x !== 'object' && typeof y !== 'object' ? (x < y ? 1 : 0) : cmpValues(x, y) < 0 ? 1 : 0;
      };
    case '>':
      return (f) => {
        const x = a(f), y = b(f);
        return typeof x !== 'object' && typeof y !== 'object' ? (x > y ? 1 : 0) : cmpValues(x, y) > 0 ? 1 : 0;
      };
    case '<=':
      return (f) => {
        const x = a(f), y = b(f);
        return typeof x !== 'object' && typeof y !== 'object' ? (x <= y ? 1 : 0) : cmpValues(x, y) <= 0 ? 1 : 0;
      };
    case '>=':
      return (f) => {
        const x = a(f), y = b(f);
        return typeof x !== 'object' && typeof y !== 'object' ? (x >= y ? 1 : 0) : cmpValues(x, y) >= 0 ? 1 : 0;
      };
    case '==':
      return (f) => (valueEq(a(f), b(f)) ? 1 : 0);
    case '!=':
      return (f) => (valueEq(a(f), b(f)) ? 0 : 1);
  }
  throw new Error(`unknown comparison ${op}`);
}

export function valueEq(x: Value, y: Value): boolean {
  if (typeof x !== 'object' && typeof y !== 'object') return x == y; // number/bigint mixes compare by value
  if (x instanceof Ptr && y instanceof Ptr) return x.r === y.r ? x.off === y.off : x.r.space === y.r.space && x.off === y.off;
  return false; // pointer vs integer: a valid pointer is never NULL
}

/** Pointer + integer (scaled by the element size), pointer - integer. */
export function ptrAdd(elem: CType, p: Ev, n: Ev, negate: boolean): Ev {
  const size = elem.k === 'void' || elem.k === 'fn' ? 1 : sizeOf(elem);
  return (f) => {
    const base = p(f);
    const i = n(f);
    const k = (typeof i === 'bigint' ? Number(BigInt.asIntN(64, i)) : typeof i === 'number' ? i : num(i)) * size;
    if (base instanceof Ptr) return base.add(negate ? -k : k);
    if (typeof base === 'number') return negate ? base - k : base + k; // arithmetic on NULL / bogus pointers stays a number
    return base;
  };
}

/** Pointer difference in elements (type long). */
export function ptrDiff(elem: CType, a: Ev, b: Ev): Ev {
  const size = elem.k === 'void' ? 1 : Math.max(1, sizeOf(elem));
  return (f) => {
    const x = a(f), y = b(f);
    if (x instanceof Ptr && y instanceof Ptr) {
      if (x.r.space !== y.r.space) throw new Fault('subtraction of pointers into different memory regions', 'invalid-pointer');
      return BigInt(Math.trunc((x.off - y.off) / size));
    }
    if (typeof x === 'number' && typeof y === 'number') return BigInt(Math.trunc((x - y) / size));
    throw new Fault('subtraction of a pointer and an integer address', 'invalid-pointer');
  };
}


/** Converts a value of unknown representation (from a helper or a callback) to type t. */
export function coerce(t: CType): Conv | null {
  if (t.k === 'int') {
    const size = t.size;
    const signed = t.signed;
    const bool = t.bool;
    return (v) => {
      if (v instanceof Ptr) return v;
      if (bool) return v !== 0 && v !== 0n ? 1 : 0;
      if (size === 8) return signed ? BigInt.asIntN(64, BigInt(v)) : BigInt.asUintN(64, BigInt(v));
      const n = typeof v === 'bigint' ? Number(BigInt.asUintN(32, v)) : v;
      return wrapNum(n, size as 1 | 2 | 4, signed);
    };
  }
  if (t.k === 'ptr') return (v) => (typeof v === 'bigint' ? Number(v) : v);
  return null;
}
