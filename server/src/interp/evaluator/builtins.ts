/**
 * Compiler builtins BPF programs use: __builtin_memcpy/memset/memcmp, byte
 * swaps and bit counts, __builtin_expect/constant_p, the __sync_* and
 * __atomic_* read-modify-write operations, and libbpf's bpf_printk.
 */
import type { RunEnv } from '../helpers/index.ts';
import { formatPrintk } from '../helpers/misc-helpers.ts';
import { copyMem, Ptr, readBytes, writeBytes, type Value } from '../memory/region.ts';
import { ptrTo, T, typeName, type CType, type IntType } from '../types/ctypes.ts';
import type { Ast } from './ast.ts';
import { promoted } from './calls.ts';
import type { CE, FnCx } from './ce.ts';
import type { Compiler } from './compiler.ts';
import { compileExpr, decayed } from './expr.ts';
import { Fault, withRange } from './fault.ts';
import { convertTo } from './lvalue.ts';
import type { Ev } from './machine.ts';
import { loader, storer } from './memops.ts';
import type { Scope } from './scope.ts';
import { fail } from './types-ast.ts';

const NOFRAME = null as never;


function konst(t: CType, v: Value, at: readonly [number, number]): CE {
  return { t, ev: () => v, k: v, at };
}

function bswap(v: bigint, bytes: number): bigint {
  let out = 0n;
  for (let i = 0; i < bytes; i++) {
    out = (out << 8n) | (v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function pointee(ce: CE, n: Ast): CType {
  const t = decayed(ce.t);
  if (t.k !== 'ptr') fail('expected a pointer argument', n);
  return t.to;
}

function asInt(t: CType, n: Ast): IntType {
  if (t.k !== 'int') fail(`atomic operation on a non-integer (${typeName(t)})`, n);
  return t;
}

function wrapTo(t: IntType, x: bigint): Value {
  if (t.size === 8) return t.signed ? BigInt.asIntN(64, x) : BigInt.asUintN(64, x);
  return Number(t.signed ? BigInt.asIntN(t.size * 8, x) : BigInt.asUintN(t.size * 8, x));
}

const ATOMIC_OPS: Record<string, (a: bigint, b: bigint) => bigint> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  or: (a, b) => a | b,
  and: (a, b) => a & b,
  xor: (a, b) => a ^ b,
  nand: (a, b) => ~(a & b),
};

export function builtin(c: Compiler, name: string, n: Ast, argNodes: Ast[], sc: Scope, fx: FnCx | null): CE | undefined {
  const at = [n.start, n.end] as const;
  const args = (): CE[] => argNodes.map((a) => compileExpr(c, a, sc, fx));
  const need = (k: number): CE[] => {
    const a = args();
    if (a.length < k) fail(`${name} needs ${k} argument(s)`, n);
    return a;
  };
  switch (name) {
    case '__builtin_expect':
    case '__builtin_expect_with_probability':
    case '__builtin_assume_aligned':
    case '__builtin_preserve_access_index': {
      const a = need(1);
      return { ...a[0], at };
    }
    case '__builtin_constant_p': {
      const a = need(1);
      return konst(T.int, a[0].k !== undefined ? 1 : 0, at);
    }
    case '__builtin_choose_expr': {
      const a = need(3);
      if (a[0].k === undefined) fail('__builtin_choose_expr needs a constant condition', n);
      return a[0].k !== 0 && a[0].k !== 0n ? a[1] : a[2];
    }
    case '__builtin_object_size':
    case '__builtin_dynamic_object_size':
      return konst(T.ulong, 0xffffffffffffffffn, at);
    case '__builtin_bswap16':
    case '__builtin_bswap32':
    case '__builtin_bswap64': {
      const a = need(1)[0];
      const bytes = name.endsWith('16') ? 2 : name.endsWith('32') ? 4 : 8;
      const t = bytes === 2 ? T.ushort : bytes === 4 ? T.uint : T.ulong;
      const v = convertTo(a, t);
      const ev: Ev =
        bytes === 2
          ? (f) => {
              const x = v(f) as number;
              return ((x & 0xff) << 8) | ((x >> 8) & 0xff);
            }
          : bytes === 4
            ? (f) => {
                const x = v(f) as number;
                return (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
              }
            : (f) => bswap(BigInt(v(f) as bigint), 8);
      if (a.k !== undefined && !(a.k instanceof Ptr)) return konst(t, ev(NOFRAME), at);
      return { t, ev, at };
    }
    case '__builtin_popcount':
    case '__builtin_popcountl':
    case '__builtin_popcountll':
    case '__builtin_ctz':
    case '__builtin_ctzl':
    case '__builtin_ctzll':
    case '__builtin_clz':
    case '__builtin_clzl':
    case '__builtin_clzll':
    case '__builtin_ffs':
    case '__builtin_ffsl':
    case '__builtin_ffsll': {
      const a = need(1)[0];
      const wide = name.endsWith('l');
      const bits = wide ? 64 : 32;
      const v = convertTo(a, wide ? T.ulong : T.uint);
      const kind = name.replace(/^__builtin_/, '').replace(/l+$/, '');
      const ev: Ev = (f) => {
        const x = BigInt(v(f) as number | bigint);
        if (kind === 'popcount') {
          let cnt = 0;
          for (let y = x; y; y >>= 1n) cnt += Number(y & 1n);
          return cnt;
        }
        if (kind === 'ffs') {
          if (x === 0n) return 0;
          let i = 1;
          for (let y = x; !(y & 1n); y >>= 1n) i++;
          return i;
        }
        if (x === 0n) return bits; // undefined in C; BPF has no special case
        if (kind === 'ctz') {
          let i = 0;
          for (let y = x; !(y & 1n); y >>= 1n) i++;
          return i;
        }
        let i = 0;
        for (let bit = BigInt(bits - 1); bit >= 0n && !((x >> bit) & 1n); bit--) i++;
        return i;
      };
      if (a.k !== undefined && !(a.k instanceof Ptr)) return konst(T.int, ev(NOFRAME), at);
      return { t: T.int, ev, at };
    }
    case '__builtin_memcpy':
    case 'memcpy':
    case '__builtin_memmove':
    case 'memmove': {
      const [d, s, len] = need(3);
      const dv = d.ev;
      const sv = s.ev;
      const lv = convertTo(len, T.ulong);
      return {
        t: ptrTo(T.void),
        ev: (f) => {
          const dst = dv(f);
          const src = sv(f);
          const l = Number(lv(f));
          try {
            if (l) copyMem(dst, src, l);
          } catch (e) {
            throw withRange(e, at);
          }
          return dst;
        },
        at,
      };
    }
    case '__builtin_memset':
    case 'memset': {
      const [d, v, len] = need(3);
      const dv = d.ev;
      const bv = convertTo(v, T.int);
      const lv = convertTo(len, T.ulong);
      return {
        t: ptrTo(T.void),
        ev: (f) => {
          const dst = dv(f);
          const b = Number(bv(f)) & 0xff;
          const l = Number(lv(f));
          try {
            if (l) writeBytes(dst, new Uint8Array(l).fill(b));
          } catch (e) {
            throw withRange(e, at);
          }
          return dst;
        },
        at,
      };
    }
    case '__builtin_memcmp':
    case 'memcmp':
    case '__builtin_bcmp':
    case 'bcmp': {
      const [a, b, len] = need(3);
      const lv = convertTo(len, T.ulong);
      return {
        t: T.int,
        ev: (f) => {
          const l = Number(lv(f));
          try {
            const x = readBytes(a.ev(f), l);
            const y = readBytes(b.ev(f), l);
            for (let i = 0; i < l; i++) if (x[i] !== y[i]) return x[i] - y[i];
            return 0;
          } catch (e) {
            throw withRange(e, at);
          }
        },
        at,
      };
    }
    case '__builtin_unreachable':
    case '__builtin_trap':
    case '__builtin_abort':
    case 'abort':
      return {
        t: T.void,
        ev: () => {
          throw new Fault(`reached ${name}()`, 'program', at[0], at[1]);
        },
        at,
      };
    case '__bpfls_printk': {
      const a = need(2);
      const rest = a.slice(2).map(promoted);
      const fmt = a[0].ev;
      const size = convertTo(a[1], T.uint);
      if (rest.length > 12) fail('bpf_printk takes at most 12 arguments', n);
      return {
        t: T.long,
        ev: (f) => {
          const env = f.m.env as RunEnv;
          const raw = readBytes(fmt(f), size(f) as number);
          const text = formatPrintk(new TextDecoder().decode(raw.subarray(0, raw.indexOf(0) < 0 ? raw.length : raw.indexOf(0))), rest.map((e) => e(f)));
          if (text === undefined) return -22n;
          env.trace.push(text.endsWith('\n') ? text.slice(0, -1) : text);
          return BigInt(new TextEncoder().encode(text).length);
        },
        at,
      };
    }
    case '__sync_synchronize':
    case '__atomic_thread_fence':
    case '__atomic_signal_fence':
      return konst(T.void, 0, at);
  }
  const sync = /^__sync_(fetch_and_(add|sub|or|and|xor|nand)|(add|sub|or|and|xor|nand)_and_fetch)$/.exec(name);
  const atom = /^__atomic_(fetch_(add|sub|or|and|xor|nand)|(add|sub|or|and|xor|nand)_fetch)$/.exec(name);
  if (sync || atom) {
    const m = (sync ?? atom)!;
    const op = m[2] ?? m[3];
    const returnOld = m[2] !== undefined;
    const [p, v] = need(2);
    const t = asInt(pointee(p, n), n);
    return rmw(p, t, convertTo(v, t), (old, x) => wrapTo(t, ATOMIC_OPS[op](bigOf(old), bigOf(x))), returnOld, at);
  }
  switch (name) {
    case '__sync_lock_test_and_set':
    case '__atomic_exchange_n': {
      const [p, v] = need(2);
      const t = asInt(pointee(p, n), n);
      return rmw(p, t, convertTo(v, t), (_old, x) => x, true, at);
    }
    case '__sync_lock_release': {
      const [p] = need(1);
      const t = pointee(p, n);
      const st = storer(t);
      return { t: T.void, ev: (f) => (st(p.ev(f), t.k === 'int' && t.size === 8 ? 0n : 0), 0), at };
    }
    case '__atomic_load_n': {
      const [p] = need(1);
      const t = pointee(p, n);
      const ld = loader(t);
      return { t, ev: (f) => ld(p.ev(f)), at };
    }
    case '__atomic_store_n': {
      const [p, v] = need(2);
      const t = pointee(p, n);
      const st = storer(t);
      const vv = convertTo(v, t);
      return { t: T.void, ev: (f) => (st(p.ev(f), vv(f)), 0), at };
    }
    case '__sync_val_compare_and_swap':
    case '__sync_bool_compare_and_swap': {
      const [p, o, nv] = need(3);
      const t = asInt(pointee(p, n), n);
      const ld = loader(t);
      const st = storer(t);
      const ov = convertTo(o, t);
      const nvv = convertTo(nv, t);
      const boolRes = name.includes('bool');
      return {
        t: boolRes ? T.bool : t,
        ev: (f) => {
          const addr = p.ev(f);
          const cur = ld(addr);
          const expect = ov(f);
          const desired = nvv(f);
          const eq = BigInt(cur as number | bigint) === BigInt(expect as number | bigint);
          if (eq) st(addr, desired);
          return boolRes ? (eq ? 1 : 0) : cur;
        },
        at,
      };
    }
    case '__atomic_compare_exchange_n': {
      const [p, e, d] = need(3);
      const t = asInt(pointee(p, n), n);
      const ld = loader(t);
      const st = storer(t);
      const dv = convertTo(d, t);
      return {
        t: T.bool,
        ev: (f) => {
          const addr = p.ev(f);
          const eaddr = e.ev(f);
          const cur = ld(addr);
          const expect = ld(eaddr);
          if (BigInt(cur as number | bigint) === BigInt(expect as number | bigint)) {
            st(addr, dv(f));
            return 1;
          }
          st(eaddr, cur);
          return 0;
        },
        at,
      };
    }
  }
    return undefined;
}

function bigOf(v: Value): bigint {
  if (v instanceof Ptr) throw new Fault('atomic arithmetic on a pointer value', 'invalid-pointer');
  return BigInt(v);
}

function rmw(p: CE, t: IntType, v: Ev, op: (old: Value, x: Value) => Value, returnOld: boolean, at: readonly [number, number]): CE {
  const ld = loader(t);
  const st = storer(t);
  return {
    t,
    ev: (f) => {
      const addr = p.ev(f);
      try {
        const old = ld(addr);
        const nv = op(old, v(f));
        st(addr, nv);
        return returnOld ? old : nv;
      } catch (e) {
        throw withRange(e, at);
      }
    },
    at,
  };
}
