/**
 * Expressions: their abstract values (rvalues); the places they name
 * (lvalues) are in places.ts. Evaluation may split a path (`?:`, `&&`, a static function with
 * several returns), so it yields a list of (state, value) results.
 */
import type { Node } from 'web-tree-sitter';
import { helperIndex } from '../../helpers/database.ts';
import { parseNumber } from '../const-eval.ts';
import { type Analyzer, type Frame, GiveUp, type Scope } from './analyzer.ts';
import { binop, fitTo, unop } from './arith.ts';
import { evalCall } from './calls.ts';
import { checkDeref, MAX_PACKET_OFF, reportNull } from './checks.ts';
import { field, named } from './syn.ts';
import { condValue } from './conditions.ts';
import { type CType, decay, INT, intRange, LONG, primitiveType, ptrTo, ULONG, UNKNOWN, VOID_PTR } from './ctypes.ts';
import type { State } from './state.ts';
import { constOf, konst, provOf, type Scalar, scalar, TOP, unknownScalar, type Val } from './values.ts';
import { addressOf, load, lv, store, untracked } from './places.ts';

export interface Cx {
  a: Analyzer;
  frame: Frame;
  scope: Scope;
}

export interface R {
  st: State;
  v: Val;
  t: CType;
  /** The variable (or field path) the value was read from, for refinement by conditions. */
  key?: string;
}

export type Loc =
  | { k: 'var'; key: string; type: CType }
  | { k: 'mem'; ptr: Val; off: number | undefined; type: CType; bits?: { count: number; width: number }; field?: string }
  | { k: 'none'; type: CType; v?: Val; prov?: Scalar['prov'] };

export interface L {
  st: State;
  loc: Loc;
}

export { named };

/** A scalar of a C type's whole range. */
export function anyOf(t: CType, prov: Scalar['prov']): Val {
  if (t.k !== 'int') return t.k === 'unknown' ? unknownScalar(prov) : TOP;
  const [lo, hi] = intRange(t);
  return scalar(lo, hi, prov);
}

function asScalar(v: Val): Scalar {
  if (v.k === 'scalar') return v;
  return unknownScalar(v.k === 'top' ? 'unk' : 'rt');
}

function isPointerVal(v: Val): boolean {
  return v.k !== 'scalar' && v.k !== 'top';
}

/** Converts a value to a C type on assignment or cast. */
export function convert(v: Val, t: CType): Val {
  if (t.k === 'int') {
    if (v.k === 'scalar') return fitTo(v, t);
    if (v.k === 'top') return anyOf(t, 'unk');
    return t.size >= 8 ? v : TOP;
  }
  return v;
}

export function pointee(t: CType): CType {
  const d = decay(t);
  return d.k === 'ptr' ? d.to : UNKNOWN;
}

/** The verifier's pointer arithmetic: `p + n * elem` (sign -1 for subtraction). */
export function ptrAdd(cx: Cx, st: State, p: Val, n: Val, elem: number | undefined, sign: 1 | -1, node: Node): Val {
  const c = constOf(n);
  switch (p.k) {
    case 'pkt': {
      if (elem === undefined) return TOP;
      if (c !== undefined) return { ...p, off: p.off + sign * c * elem };
      if (n.k !== 'scalar' || n.prov !== 'rt' || sign < 0 || n.lo < 0 || !(n.hi >= 0)) return TOP;
      // A variable offset: a new pointer with nothing proven yet (the verifier resets its range).
      // The same sum computed again is the same register to the verifier (the compiler computes it once).
      const varMax = p.varMax + n.hi * elem;
      const id = n.sid !== undefined ? cx.a.idFor(`${p.base}:${p.id}+${n.sid}*${elem}`) : cx.a.nextId();
      return { k: 'pkt', base: p.base, id, off: p.off, varMax: Number.isFinite(varMax) ? varMax : Infinity, range: st.rangeOf(p.base, id) };
    }
    case 'stale':
      return c !== undefined && elem !== undefined ? { ...p, off: p.off + sign * c * elem } : p;
    case 'nullable':
      if (c === 0) return p;
      reportNull(cx, st, p, node, 'arith');
      return { k: 'obj', target: p.target };
    case 'obj':
      return p;
    default:
      return TOP;
  }
}

function sizeOfPointee(cx: Cx, t: CType): number | undefined {
  const to = pointee(t);
  if (to.k === 'void') return 1;
  return cx.a.types.sizeOf(to);
}

function intResultType(a: CType, b: CType): CType {
  const sa = a.k === 'int' ? a.size : 8;
  const sb = b.k === 'int' ? b.size : 8;
  const size = Math.max(4, sa, sb);
  const unsignedA = a.k === 'int' && !a.signed && sa >= size;
  const unsignedB = b.k === 'int' && !b.signed && sb >= size;
  return { k: 'int', size, signed: !(unsignedA || unsignedB) };
}

function one(st: State, v: Val, t: CType, key?: string): R[] {
  return [key ? { st, v, t, key } : { st, v, t }];
}

/** Evaluates `nodes` in order on each path, then combines the values. */
export function evalSeq(cx: Cx, nodes: Node[], st: State, k: (st: State, rs: R[]) => R[]): R[] {
  const go = (i: number, s: State, acc: R[]): R[] => {
    if (i === nodes.length) return k(s, acc);
    return ev(cx, nodes[i], s).flatMap((r) => go(i + 1, r.st, [...acc, r]));
  };
  return go(0, st, []);
}

/** The rvalue of an expression. */
export function ev(cx: Cx, n: Node, st: State): R[] {
  cx.a.step();
  switch (n.type) {
    case 'number_literal': {
      const neg = n.text.startsWith('-');
      const mag = parseNumber(n.text.replace(/^[-+]/, ''));
      const v = mag === undefined ? undefined : neg ? -mag : mag;
      const t: CType = /[uU]/.test(n.text) ? { k: 'int', size: /[lL]/.test(n.text) ? 8 : 4, signed: false } : /[lL]/.test(n.text) ? LONG : INT;
      return one(st, v === undefined ? unknownScalar('unk') : konst(v), v !== undefined && (v > 0x7fffffff || v < -0x80000000) && t.k === 'int' && t.size === 4 ? LONG : t);
    }
    case 'char_literal': {
      const m = /^'(.)'$/.exec(n.text);
      return one(st, m ? konst(m[1].charCodeAt(0)) : unknownScalar('unk'), { k: 'int', size: 1, signed: true });
    }
    case 'true':
      return one(st, konst(1), INT);
    case 'false':
    case 'null':
      return one(st, konst(0), n.type === 'null' ? VOID_PTR : INT);
    case 'string_literal':
    case 'concatenated_string':
      return one(st, TOP, ptrTo({ k: 'int', size: 1, signed: true }));
    case 'identifier':
      return evIdentifier(cx, n, st);
    case 'parenthesized_expression': {
      const inner = named(n)[0];
      if (!inner || inner.type === 'compound_statement') throw new GiveUp('statement expression');
      return ev(cx, inner, st);
    }
    case 'cast_expression': {
      const t = cx.a.types.fromDescriptor(field(n, 'type'));
      const value = field(n, 'value');
      if (!value) throw new GiveUp('cast');
      return ev(cx, value, st).map((r) => ({ st: r.st, v: t.k === 'unknown' ? r.v : convert(r.v, t), t: t.k === 'unknown' ? r.t : t }));
    }
    case 'binary_expression':
      return evBinary(cx, n, st);
    case 'unary_expression': {
      const op = field(n, 'operator')?.text ?? '';
      const arg = field(n, 'argument');
      if (!arg) throw new GiveUp('unary');
      if (op === '!') return condValue(cx, n, st);
      return ev(cx, arg, st).map((r) => {
        const t = r.t.k === 'int' && r.t.size < 4 ? INT : r.t;
        return { st: r.st, v: r.v.k === 'scalar' ? fitTo(unop(op, r.v), t) : anyOf(t, provOf(r.v) === 'rt' ? 'rt' : 'unk'), t };
      });
    }
    case 'pointer_expression': {
      const op = field(n, 'operator')?.text;
      const arg = field(n, 'argument');
      if (!arg) throw new GiveUp('pointer');
      if (op === '&') return lv(cx, arg, st).map((l) => ({ st: l.st, v: addressOf(cx, l.st, l.loc, n), t: ptrTo(l.loc.type) }));
      return lv(cx, n, st).map((l) => load(cx, l.st, l.loc, n));
    }
    case 'field_expression':
    case 'subscript_expression':
      return lv(cx, n, st).map((l) => load(cx, l.st, l.loc, n));
    case 'assignment_expression':
      return evAssign(cx, n, st);
    case 'update_expression':
      return evUpdate(cx, n, st);
    case 'conditional_expression':
      return condValue(cx, n, st);
    case 'comma_expression': {
      const left = field(n, 'left');
      const right = field(n, 'right');
      if (!left || !right) throw new GiveUp('comma');
      return ev(cx, left, st).flatMap((r) => ev(cx, right, r.st));
    }
    case 'call_expression':
      return evalCall(cx, n, st);
    case 'sizeof_expression':
      return one(st, sizeofValue(cx, n, st), ULONG);
    case 'alignof_expression': {
      const t = cx.a.types.fromDescriptor(field(n, 'type'));
      const al = cx.a.types.alignOf(t);
      return one(st, al === undefined ? unknownScalar('unk') : konst(al), ULONG);
    }
    case 'offsetof_expression': {
      const t = cx.a.types.fromDescriptor(field(n, 'type'));
      const member = field(n, 'member');
      const f = t.k === 'struct' && member ? cx.a.types.field(t.name, member.text) : undefined;
      return one(st, f?.offset !== undefined ? konst(f.offset) : unknownScalar('unk'), ULONG);
    }
    case 'compound_literal_expression': {
      const t = cx.a.types.fromDescriptor(field(n, 'type'));
      const value = field(n, 'value');
      const exprs = value ? initializerExprs(value) : [];
      return evalSeq(cx, exprs, st, (s, rs) => one(s, t.k === 'int' && rs.length === 1 ? convert(rs[0].v, t) : t.k === 'int' ? anyOf(t, 'unk') : TOP, t));
    }
    case 'initializer_list':
      return evalSeq(cx, initializerExprs(n), st, (s) => one(s, TOP, UNKNOWN));
    case 'gnu_asm_expression': {
      for (const id of n.descendantsOfType('identifier')) {
        if (!id) continue;
        const v = cx.scope.lookup(id.text);
        if (v) st.havoc(v.key);
      }
      return one(st, TOP, UNKNOWN);
    }
    case 'extension_expression': {
      const inner = named(n)[0];
      if (!inner) throw new GiveUp('extension');
      return ev(cx, inner, st);
    }
    default:
      throw new GiveUp(`expression ${n.type}`);
  }
}

/** The expressions inside an initializer list, in order (designators skipped). */
export function initializerExprs(list: Node): Node[] {
  const out: Node[] = [];
  for (const c of named(list)) {
    if (c.type === 'initializer_pair') {
      const v = field(c, 'value');
      if (v) out.push(...(v.type === 'initializer_list' ? initializerExprs(v) : [v]));
    } else if (c.type === 'initializer_list') out.push(...initializerExprs(c));
    else out.push(c);
  }
  return out;
}

function evIdentifier(cx: Cx, n: Node, st: State): R[] {
  const name = n.text;
  const v = cx.scope.lookup(name);
  if (v) {
    if (v.type.k === 'array') return one(st, { k: 'addr', key: v.key }, decay(v.type));
    const val = st.get(v.key);
    if (val === undefined) return one(st, untracked(st, v.key, v.type), v.type, v.key);
    return one(st, val, v.type, v.key);
  }
  const c = cx.a.constantValue(name);
  if (c) return one(st, c, c.lo > 0x7fffffff || c.lo < -0x80000000 ? LONG : INT);
  if (cx.a.maps.has(name)) return one(st, { k: 'map', name }, UNKNOWN);
  const g = cx.a.globalValue(name);
  if (g) {
    const decl = cx.a.globals.get(name);
    const t = decl ? typeFromText(decl.type) : UNKNOWN;
    if (t.k === 'array') return one(st, TOP, decay(t));
    if (t.k === 'int' && g.k === 'scalar') return one(st, g.lo === g.hi && Number.isFinite(g.lo) ? convert(g, t) : anyOf(t, g.prov), t);
    return one(st, t.k === 'int' ? anyOf(t, 'unk') : t.k === 'unknown' ? g : TOP, t);
  }
  if (cx.a.functions.has(name) || helperIndex().helper(name)) return one(st, TOP, { k: 'fn' });
  return one(st, unknownScalar('unk'), UNKNOWN);
}

export function typeFromText(text: string): CType {
  const m = /^(?:const\s+|volatile\s+)*([\w\s]+?)(\s*\[.*\])?$/.exec(text.trim());
  if (!m) return UNKNOWN;
  const base = primitiveType(m[1].trim().split(/\s+/));
  if (!base) return UNKNOWN;
  return m[2] ? { k: 'array', of: base, len: undefined } : base;
}

function sizeofValue(cx: Cx, n: Node, st: State): Val {
  const typeNode = field(n, 'type');
  let t: CType = UNKNOWN;
  if (typeNode) t = cx.a.types.fromDescriptor(typeNode);
  else {
    const value = field(n, 'value');
    if (!value) return unknownScalar('unk');
    const inner = value.type === 'parenthesized_expression' ? named(value)[0] : value;
    if (inner?.type === 'identifier' && !cx.scope.lookup(inner.text) && cx.a.types.hasTypedef(inner.text)) t = cx.a.types.typedef(inner.text);
    else t = staticType(cx, value, st);
  }
  const size = cx.a.types.sizeOf(t);
  return size === undefined ? unknownScalar('unk') : konst(size);
}

/** The type of an expression, evaluated on a throwaway copy of the path with nothing reported. */
export function staticType(cx: Cx, n: Node, st: State): CType {
  cx.a.quiet++;
  try {
    if (n.type === 'parenthesized_expression') {
      const inner = named(n)[0];
      if (inner) return staticType(cx, inner, st);
    }
    if (n.type === 'pointer_expression' || n.type === 'field_expression' || n.type === 'subscript_expression' || n.type === 'identifier') {
      const ls = lv(cx, n, st.clone());
      return ls[0]?.loc.type ?? UNKNOWN;
    }
    return ev(cx, n, st.clone())[0]?.t ?? UNKNOWN;
  } catch (e) {
    if (e instanceof GiveUp && e.why === 'budget') throw e;
    return UNKNOWN;
  } finally {
    cx.a.quiet--;
  }
}

const ARITH_OPS = new Set(['+', '-', '*', '/', '%', '&', '|', '^', '<<', '>>']);

function evBinary(cx: Cx, n: Node, st: State): R[] {
  const op = field(n, 'operator')?.text ?? '';
  if (!ARITH_OPS.has(op)) return condValue(cx, n, st);
  const left = field(n, 'left');
  const right = field(n, 'right');
  if (!left || !right) throw new GiveUp('binary');
  return ev(cx, left, st).flatMap((l) => ev(cx, right, l.st).map((r) => ({ st: r.st, ...arith(cx, r.st, op, l, r, n) })));
}

/** `l op r` for arithmetic operators, with C's pointer arithmetic. */
export function arith(cx: Cx, st: State, op: string, l: { v: Val; t: CType }, r: { v: Val; t: CType }, node: Node): { v: Val; t: CType } {
  const lt = decay(l.t);
  const rt = decay(r.t);
  const lPtrType = lt.k === 'ptr';
  const rPtrType = rt.k === 'ptr';
  if ((op === '+' || op === '-') && (lPtrType || isPointerVal(l.v)) && !(rPtrType || isPointerVal(r.v))) {
    const elem = lPtrType ? sizeOfPointee(cx, lt) : 1;
    return { v: ptrAdd(cx, st, l.v, r.v, elem, op === '+' ? 1 : -1, node), t: lPtrType ? lt : l.t };
  }
  if (op === '+' && (rPtrType || isPointerVal(r.v)) && !(lPtrType || isPointerVal(l.v))) {
    const elem = rPtrType ? sizeOfPointee(cx, rt) : 1;
    return { v: ptrAdd(cx, st, r.v, l.v, elem, 1, node), t: rPtrType ? rt : r.t };
  }
  if (op === '-' && (lPtrType || isPointerVal(l.v)) && (rPtrType || isPointerVal(r.v))) {
    // Pointer difference: a number the verifier does not know.
    return { v: unknownScalar('rt'), t: LONG };
  }
  if (isPointerVal(l.v) || isPointerVal(r.v)) return { v: TOP, t: intResultType(lt, rt) };
  const t = op === '<<' || op === '>>' ? (lt.k === 'int' && lt.size >= 4 ? lt : INT) : intResultType(lt, rt);
  return { v: fitTo(binop(op, asScalar(l.v), asScalar(r.v)), t), t };
}

function evAssign(cx: Cx, n: Node, st: State): R[] {
  const left = field(n, 'left');
  const right = field(n, 'right');
  const op = field(n, 'operator')?.text ?? '=';
  if (!left || !right) throw new GiveUp('assign');
  return ev(cx, right, st).flatMap((r) =>
    lv(cx, left, r.st).map((l) => {
      const s = l.st;
      let v: Val;
      if (op === '=') v = r.v;
      else {
        const cur = load(cx, s, l.loc, left);
        v = arith(cx, s, op.slice(0, -1), cur, r, n).v;
      }
      store(cx, s, l.loc, v, left);
      const stored = l.loc.k === 'var' ? (s.get(l.loc.key) ?? v) : v;
      return { st: s, v: stored, t: l.loc.type, ...(l.loc.k === 'var' ? { key: l.loc.key } : {}) };
    }),
  );
}

function evUpdate(cx: Cx, n: Node, st: State): R[] {
  const arg = field(n, 'argument');
  const op = field(n, 'operator')?.text ?? '++';
  if (!arg) throw new GiveUp('update');
  const prefix = n.firstChild?.type === op;
  return lv(cx, arg, st).map((l) => {
    const cur = load(cx, l.st, l.loc, arg);
    const next = arith(cx, l.st, op === '++' ? '+' : '-', cur, { v: konst(1), t: INT }, n).v;
    store(cx, l.st, l.loc, next, arg);
    return { st: l.st, v: prefix ? next : cur.v, t: l.loc.type };
  });
}

/** Checks `size` bytes at `ptr` for a helper or builtin that reads or writes memory. */
export function checkMemArg(cx: Cx, st: State, ptr: Val, size: number | undefined, node: Node, use: 'read' | 'write' | 'helper'): void {
  if (ptr.k === 'pkt' && size !== undefined && size > MAX_PACKET_OFF) return;
  checkDeref(cx, st, ptr, 0, size, node, use);
}
