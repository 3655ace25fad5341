/**
 * Lvalues: reading and writing through a slot, an address or a bit-field,
 * and the expressions that designate objects: identifiers, `*p`, `a[i]`,
 * `s.f`, `p->f`, and `&x`.
 */
import { describePtr, Ptr, type Region, type Value } from '../memory/region.ts';
import { findField, isInt, isRecord, ptrTo, typeName, type CType, type IntType } from '../types/ctypes.ts';
import { fieldOf, type Ast } from './ast.ts';
import type { CE, FnCx } from './ce.ts';
import type { Compiler } from './compiler.ts';
import { Fault, withRange } from './fault.ts';
import type { Ev, Frame } from './machine.ts';
import { loader, readBits, storer, writeBits } from './memops.ts';
import { conversion, ptrAdd } from './ops.ts';
import type { Scope } from './scope.ts';
import { fail } from './types-ast.ts';

export function uninitSlot(name: string, at: readonly [number, number]): Fault {
  return new Fault(`read of uninitialised variable "${name}"`, 'uninitialised-read', at[0], at[1]);
}

/** Address of a memory-backed local or global held in a slot (its region). */
export function slotAddr(slot: number): Ev {
  return (f) => new Ptr(f.s[slot] as Region, 0, 0);
}

export function globalAddr(g: { sectionIndex: number; offset: number; name: string }): Ev {
  return (f) => {
    const r = f.m.globals[g.sectionIndex];
    if (!r) throw new Fault(`the address of global "${g.name}" is not available here (global initializers cannot point at other globals)`, 'unsupported');
    return new Ptr(r, g.offset, 0);
  };
}

/** A CE for an object in memory of type t at addr. */
export function memObject(t: CType, addr: Ev, at: readonly [number, number], name?: string): CE {
  if (t.k === 'arr' || isRecord(t) || t.k === 'fn') return { t, ev: addr, lv: { k: 'mem', addr }, at, name };
  const ld = loader(t);
  return {
    t,
    ev: (f) => {
      const p = addr(f);
      try {
        return ld(p);
      } catch (e) {
        throw withRange(e, at);
      }
    },
    lv: { k: 'mem', addr },
    at,
    name,
  };
}

export interface Access {
  get: Ev;
  set: (f: Frame, v: Value) => void;
  /** Reads and writes with the address computed once: update(f, fn) stores fn(old) and returns [old, new]. */
  update: (f: Frame, fn: (old: Value) => Value) => [Value, Value];
}

export function access(ce: CE, n: Ast): Access {
  const lv = ce.lv;
  if (!lv) fail('expression is not assignable', n);
  const at = ce.at;
  switch (lv.k) {
    case 'slot': {
      const slot = lv.slot;
      const name = ce.name ?? 'variable';
      const get: Ev = (f) => {
        const v = f.s[slot];
        if (v === undefined) throw uninitSlot(name, at);
        return v as Value;
      };
      return {
        get,
        set: (f, v) => {
          f.s[slot] = v;
        },
        update: (f, fn) => {
          const old = get(f);
          const nv = fn(old);
          f.s[slot] = nv;
          return [old, nv];
        },
      };
    }
    case 'mem': {
      const addr = lv.addr;
      const ld = loader(ce.t);
      const st = storer(ce.t);
      return {
        get: (f) => {
          const p = addr(f);
          try {
            return ld(p);
          } catch (e) {
            throw withRange(e, at);
          }
        },
        set: (f, v) => {
          const p = addr(f);
          try {
            st(p, v);
          } catch (e) {
            throw withRange(e, at);
          }
        },
        update: (f, fn) => {
          const p = addr(f);
          try {
            const old = ld(p);
            const nv = fn(old);
            st(p, nv);
            return [old, nv];
          } catch (e) {
            throw withRange(e, at);
          }
        },
      };
    }
    case 'bits': {
      const { base, bitOffset, width, signed } = lv;
      const wide = isInt(ce.t) && ce.t.size === 8;
      return {
        get: (f) => readBits(base(f), bitOffset, width, signed, wide),
        set: (f, v) => writeBits(base(f), bitOffset, width, v),
        update: (f, fn) => {
          const b = base(f);
          const old = readBits(b, bitOffset, width, signed, wide);
          const nv = fn(old);
          writeBits(b, bitOffset, width, nv);
          // the stored value is the new value truncated to the field
          return [old, readBits(b, bitOffset, width, signed, wide)];
        },
      };
    }
  }
}

/** `s.f` and `p->f`. */
export function fieldAccess(c: Compiler, n: Ast, base: CE, scope: Scope, fx: FnCx | null): CE {
  void scope;
  void fx;
  const op = n.children.find((ch) => ch.field === 'operator');
  const arrow = op ? c.text(op) === '->' : false;
  const fname = c.text(fieldOf(n, 'field')!);
  const at = [n.start, n.end] as const;
  let rec: CType;
  let baseAddr: Ev;
  if (arrow) {
    if (base.t.k !== 'ptr' && base.t.k !== 'arr') fail(`"->" on a non-pointer (${typeName(base.t)})`, n);
    rec = base.t.k === 'ptr' ? base.t.to : base.t.of;
    baseAddr = base.ev;
  } else {
    rec = base.t;
    if (!base.lv && !isRecord(base.t)) fail(`"." on a non-struct (${typeName(base.t)})`, n);
    baseAddr = base.ev; // records evaluate to their address
  }
  if (!isRecord(rec)) fail(`member "${fname}" of a non-struct type (${typeName(rec)})`, n);
  if (!rec.complete) fail(`member access into incomplete ${typeName(rec)}`, n);
  const found = findField(rec, fname);
  if (!found) fail(`${typeName(rec)} has no member named "${fname}"`, n);
  const name = c.text(n).replace(/\s+/g, '');
  const ft = found.field.type;
  if (found.field.bitWidth !== undefined) {
    const signed = isInt(ft) && ft.signed;
    return { t: ft, ev: (() => {
      const wide = isInt(ft) && ft.size === 8;
      const bo = found.bitOffset!;
      const w = found.field.bitWidth!;
      return (f: Frame) => readBits(baseAddr(f), bo, w, signed, wide);
    })(), lv: { k: 'bits', base: baseAddr, bitOffset: found.bitOffset!, width: found.field.bitWidth, signed }, at, name };
  }
  const off = found.offset;
  const addr: Ev = off === 0 ? baseAddr : (f) => {
    const b = baseAddr(f);
    if (b instanceof Ptr) return b.add(off);
    if (b === 0 || b === 0n) throw new Fault(`NULL pointer dereference reading "${name}" (check the pointer for NULL first)`, 'null-dereference', at[0], at[1]);
    throw new Fault(`invalid pointer in "${name}": ${String(b)} is a number, not a pointer`, 'invalid-pointer', at[0], at[1]);
  };
  return memObject(ft, addr, at, name);
}

/** `a[i]` */
export function subscript(c: Compiler, n: Ast, a: CE, i: CE): CE {
  let arr = a;
  let idx = i;
  if (!(arr.t.k === 'ptr' || arr.t.k === 'arr') && (idx.t.k === 'ptr' || idx.t.k === 'arr')) [arr, idx] = [idx, arr];
  if (!(arr.t.k === 'ptr' || arr.t.k === 'arr')) fail(`subscript of a non-array (${typeName(arr.t)})`, n);
  if (!isInt(idx.t)) fail('array subscript is not an integer', n);
  const elem = arr.t.k === 'ptr' ? arr.t.to : arr.t.of;
  const at = [n.start, n.end] as const;
  const len = arr.t.k === 'arr' ? arr.t.len : undefined;
  let addr = ptrAdd(elem, arr.ev, idx.ev, false);
  if (len !== undefined && arr.lv === undefined) {
    // a string literal or other array rvalue: bounds come from its region anyway
  }
  const name = c.text(n).replace(/\s+/g, '');
  const inner = addr;
  addr = (f) => {
    const p = inner(f);
    if (!(p instanceof Ptr)) throw new Fault(p === 0 ? `NULL pointer dereference in "${name}"` : `invalid pointer in "${name}"`, p === 0 ? 'null-dereference' : 'invalid-pointer', at[0], at[1]);
    return p;
  };
  return memObject(elem, addr, at, name);
}

/** `*p` */
export function deref(c: Compiler, n: Ast, p: CE): CE {
  const at = [n.start, n.end] as const;
  if (p.t.k !== 'ptr' && p.t.k !== 'arr') fail(`dereference of a non-pointer (${typeName(p.t)})`, n);
  const to = p.t.k === 'ptr' ? p.t.to : p.t.of;
  if (to.k === 'fn') return { t: to, ev: p.ev, at };
  const name = c.text(n).replace(/\s+/g, '');
  const addr: Ev = (f) => {
    const v = p.ev(f);
    if (v instanceof Ptr) return v;
    if (v === 0 || v === 0n) throw new Fault(`NULL pointer dereference in "${name}" (check the pointer for NULL first)`, 'null-dereference', at[0], at[1]);
    throw new Fault(`invalid pointer dereference in "${name}": ${String(v)} is a number`, 'invalid-pointer', at[0], at[1]);
  };
  return memObject(to, addr, at, name);
}

/** `&x` */
export function addressOf(n: Ast, x: CE): CE {
  const at = [n.start, n.end] as const;
  if (x.t.k === 'fn') return { t: ptrTo(x.t), ev: x.ev, at, k: x.k };
  if (x.lv?.k === 'mem') return { t: ptrTo(x.t), ev: x.lv.addr, at };
  if (x.lv?.k === 'bits') fail('cannot take the address of a bit-field', n);
  if (isRecord(x.t) || x.t.k === 'arr') return { t: ptrTo(x.t), ev: x.ev, at };
  fail('cannot take the address of this expression', n);
}

/** Formats a value for line values and messages. */
export function showValue(v: Value, t?: CType): string {
  if (v instanceof Ptr) return describePtr(v);
  if (t?.k === 'ptr') return v === 0 || v === 0n ? 'NULL' : `0x${BigInt.asUintN(64, BigInt(v)).toString(16)}`;
  return String(v);
}

/** Converts a CE's value to type `to` (arrays/functions decay first). */
export function convertTo(ce: CE, to: CType): Ev {
  const from = ce.t.k === 'arr' ? ptrTo(ce.t.of) : ce.t.k === 'fn' ? ptrTo(ce.t) : ce.t;
  const cv = conversion(from, to);
  if (!cv) return ce.ev;
  const ev = ce.ev;
  return (f) => cv(ev(f));
}

export function intType(t: CType): IntType | undefined {
  return t.k === 'int' ? t : undefined;
}

