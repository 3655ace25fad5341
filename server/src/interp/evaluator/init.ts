/**
 * Initializers: `= expr`, `= { ... }` with positional and designated
 * elements (`.field =`, `[index] =`, `[a ... b] =`), nested lists, brace
 * elision and string literals for char arrays. The object is zero-filled
 * first, as C requires for partially initialised aggregates.
 */
import { copyMem, Ptr, store, writeBytes, type Value } from '../memory/region.ts';
import { isRecord, sizeOf, type ArrType, type CType, type RecType } from '../types/ctypes.ts';
import { fieldOf, fieldsOf, namedChildren, type Ast } from './ast.ts';
import type { FnCx } from './ce.ts';
import type { Compiler } from './compiler.ts';
import { compileExpr } from './expr.ts';
import { convertTo } from './lvalue.ts';
import type { Frame } from './machine.ts';
import { storer, writeBits } from './memops.ts';
import type { Scope } from './scope.ts';
import { fail } from './types-ast.ts';

type Op = (f: Frame, base: Ptr) => void;

/** Set while compiling an initializer: whether every element was a compile-time constant. */
let allConstant = true;

export type InitFill = ((f: Frame, p: Ptr) => void) & { constant: boolean };

function isString(n: Ast): boolean {
  return n.type === 'string_literal' || n.type === 'concatenated_string';
}

function items(n: Ast): Ast[] {
  return namedChildren(n).filter((x) => x.type !== 'comment');
}

/** The length an unsized array gets from its initializer. */
export function inferredLength(c: Compiler, t: ArrType, n: Ast, sc: Scope): number {
  if (isString(n)) return c.stringBytes(n).length + 1;
  if (n.type !== 'initializer_list') return 1;
  let idx = 0;
  let max = 0;
  for (const it of items(n)) {
    if (it.type === 'initializer_pair') {
      const d = fieldsOf(it, 'designator')[0];
      if (d?.type === 'subscript_designator') idx = c.constInt(namedChildren(d)[0], sc);
      else if (d?.type === 'subscript_range_designator') idx = c.constInt(fieldOf(d, 'end') ?? namedChildren(d)[1], sc);
    }
    idx++;
    max = Math.max(max, idx);
  }
  void t;
  return max;
}

export function compileInitializer(c: Compiler, t: CType, n: Ast, sc: Scope, fx: FnCx | null): InitFill {
  const ops: Op[] = [];
  const size = sizeOf(t);
  const outer = allConstant;
  allConstant = true;
  let constant: boolean;
  try {
    fill(c, t, n, 0, ops, sc, fx);
    constant = allConstant;
  } finally {
    allConstant = outer && allConstant;
  }
  const fn = (f: Frame, p: Ptr): void => {
    writeBytes(p, new Uint8Array(size));
    for (const op of ops) op(f, p);
  };
  return Object.assign(fn, { constant });
}

function scalarOp(c: Compiler, t: CType, n: Ast, off: number, ops: Op[], sc: Scope, fx: FnCx | null): void {
  const ce = compileExpr(c, n, sc, fx);
  if (ce.k === undefined || ce.k instanceof Ptr) allConstant = false;
  if (isRecord(t) || t.k === 'arr') {
    const ev = ce.ev;
    const sz = sizeOf(t);
    ops.push((f, base) => copyMem(base.add(off), ev(f), sz));
    return;
  }
  const v = convertTo(ce, t);
  const st = storer(t);
  ops.push((f, base) => st(base.add(off), v(f)));
}

function fill(c: Compiler, t: CType, n: Ast, off: number, ops: Op[], sc: Scope, fx: FnCx | null): void {
  if (t.k === 'arr' && isString(n) && (t.of.k === 'int' && t.of.size === 1)) {
    const bytes = c.stringBytes(n);
    const len = t.len ?? bytes.length + 1;
    const data = new Uint8Array(len);
    data.set(bytes.slice(0, len));
    ops.push((_f, base) => writeBytes(base.add(off), data));
    return;
  }
  if (n.type !== 'initializer_list') {
    scalarOp(c, t, n, off, ops, sc, fx);
    return;
  }
  const list = items(n);
  if (t.k === 'arr') {
    fillArray(c, t, list, 0, off, ops, sc, fx, true);
    return;
  }
  if (isRecord(t)) {
    fillRecord(c, t, list, 0, off, ops, sc, fx, true);
    return;
  }
  // scalar in braces
  if (list.length) fill(c, t, list[0], off, ops, sc, fx);
}

/** Fills an array from list[i..]; returns the next unused index (brace elision consumes only what it needs). */
function fillArray(c: Compiler, t: ArrType, list: Ast[], i: number, off: number, ops: Op[], sc: Scope, fx: FnCx | null, braced: boolean): number {
  const esz = sizeOf(t.of);
  const len = t.len ?? Infinity;
  let idx = 0;
  while (i < list.length && (braced || idx < len)) {
    let it = list[i];
    let lastIdx = idx;
    if (it.type === 'initializer_pair') {
      if (!braced) return i; // a designator ends an elided sub-aggregate
      const ds = fieldsOf(it, 'designator');
      const d = ds[0];
      if (d?.type === 'subscript_designator') idx = lastIdx = c.constInt(namedChildren(d)[0], sc);
      else if (d?.type === 'subscript_range_designator') {
        const kids = namedChildren(d);
        idx = c.constInt(kids[0], sc);
        lastIdx = c.constInt(kids[1], sc);
      } else fail('field designator in an array initializer', it);
      const value = fieldOf(it, 'value')!;
      for (let k = idx; k <= lastIdx; k++) {
        if (k >= len) fail(`array index ${k} is past the end of the array`, it);
        if (ds.length > 1) fillDesignated(c, t.of, ds.slice(1), value, off + k * esz, ops, sc, fx);
        else fill(c, t.of, value, off + k * esz, ops, sc, fx);
      }
      idx = lastIdx + 1;
      i++;
      continue;
    }
    if (idx >= len) {
      if (braced) fail('excess elements in array initializer', it);
      return i;
    }
    if (it.type !== 'initializer_list' && (t.of.k === 'arr' || isRecord(t.of)) && !(t.of.k === 'arr' && isString(it))) {
      // brace elision: the element's members come from the following items
      i = t.of.k === 'arr' ? fillArray(c, t.of, list, i, off + idx * esz, ops, sc, fx, false) : fillRecord(c, t.of as RecType, list, i, off + idx * esz, ops, sc, fx, false);
      idx++;
      continue;
    }
    fill(c, t.of, it, off + idx * esz, ops, sc, fx);
    it = list[i];
    i++;
    idx++;
  }
  return i;
}

function namedMembers(t: RecType): RecType['fields'] {
  return t.fields.filter((f) => f.name !== undefined || isRecord(f.type));
}

function fillMember(c: Compiler, fld: RecType['fields'][number], value: Ast, off: number, ops: Op[], sc: Scope, fx: FnCx | null): void {
  if (fld.bitWidth !== undefined) {
    const ce = compileExpr(c, value, sc, fx);
    if (ce.k === undefined || ce.k instanceof Ptr) allConstant = false;
    const v = convertTo(ce, fld.type);
    const bo = off * 8 + fld.bitOffset!;
    const w = fld.bitWidth;
    ops.push((f, base) => writeBits(base, bo, w, v(f)));
    return;
  }
  fill(c, fld.type, value, off + fld.offset, ops, sc, fx);
}

function fillRecord(c: Compiler, t: RecType, list: Ast[], i: number, off: number, ops: Op[], sc: Scope, fx: FnCx | null, braced: boolean): number {
  const members = namedMembers(t);
  let m = 0;
  while (i < list.length) {
    const it = list[i];
    if (it.type === 'initializer_pair') {
      if (!braced) return i;
      const ds = fieldsOf(it, 'designator');
      const value = fieldOf(it, 'value')!;
      fillDesignated(c, t, ds, value, off, ops, sc, fx);
      const first = ds[0];
      const name = first ? c.text(first).replace(/^\./, '').trim() : '';
      const at = members.findIndex((f) => f.name === name);
      m = at >= 0 ? at + 1 : m + 1;
      i++;
      if (t.k === 'union') break;
      continue;
    }
    if (m >= members.length) {
      if (braced) fail('excess elements in struct initializer', it);
      return i;
    }
    const fld = members[m];
    if (it.type !== 'initializer_list' && (fld.type.k === 'arr' || isRecord(fld.type)) && fld.bitWidth === undefined && !(fld.type.k === 'arr' && isString(it))) {
      const ce0 = it;
      // an expression of the member's own struct type initialises it whole
      const ce = compileExpr(c, ce0, sc, fx);
      if (isRecord(fld.type) && ce.t === fld.type) {
        fill(c, fld.type, it, off + fld.offset, ops, sc, fx);
        i++;
      } else i = fld.type.k === 'arr' ? fillArray(c, fld.type, list, i, off + fld.offset, ops, sc, fx, false) : fillRecord(c, fld.type as RecType, list, i, off + fld.offset, ops, sc, fx, false);
      m++;
      if (t.k === 'union') break;
      continue;
    }
    fillMember(c, fld, it, off, ops, sc, fx);
    i++;
    m++;
    if (t.k === 'union') break;
  }
  return i;
}

/** `.a.b[2] = v` */
function fillDesignated(c: Compiler, t: CType, ds: Ast[], value: Ast, off: number, ops: Op[], sc: Scope, fx: FnCx | null): void {
  const [d, ...rest] = ds;
  if (!d) {
    fill(c, t, value, off, ops, sc, fx);
    return;
  }
  if (d.type === 'field_designator') {
    if (!isRecord(t)) fail('field designator on a non-struct', d);
    const name = c.text(d).replace(/^\./, '').trim();
    const path = findPath(t, name);
    if (!path) fail(`no member named "${name}"`, d);
    let o = off;
    for (const p of path.slice(0, -1)) o += p.offset;
    const fld = path[path.length - 1];
    if (rest.length) fillDesignated(c, fld.type, rest, value, o + fld.offset, ops, sc, fx);
    else fillMember(c, fld, value, o, ops, sc, fx);
    return;
  }
  if (t.k !== 'arr') fail('array designator on a non-array', d);
  const idx = c.constInt(namedChildren(d)[0], sc);
  fillDesignated(c, t.of, rest, value, off + idx * sizeOf(t.of), ops, sc, fx);
}

/** The chain of members (through anonymous ones) leading to `name`. */
function findPath(t: RecType, name: string): RecType['fields'] | undefined {
  for (const f of t.fields) {
    if (f.name === name) return [f];
    if (f.name === undefined && isRecord(f.type)) {
      const inner = findPath(f.type, name);
      if (inner) return [f, ...inner];
    }
  }
  return undefined;
}

/** Stores one value (for simple scalar declarations). */
export function storeValue(p: Ptr, t: CType, v: Value): void {
  if (t.k === 'int') store(p, t.size, v);
  else if (t.k === 'ptr') store(p, 8, v);
}
