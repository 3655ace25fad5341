/**
 * Expressions: their abstract values (rvalues) and the places they name
 * (lvalues). Evaluation may split a path (`?:`, `&&`, a static function with
 * several returns), so it yields a list of (state, value) results.
 */
import type { Node } from 'web-tree-sitter';
import { helperIndex } from '../../helpers/database.ts';
import { parseNumber } from '../const-eval.ts';
import { type Analyzer, ctxFieldKind, type Frame, GiveUp, type Scope } from './analyzer.ts';
import { binop, fitTo, unop } from './arith.ts';
import { evalCall } from './calls.ts';
import { checkDeref, MAX_PACKET_OFF, reportNull } from './checks.ts';
import { field, named } from './syn.ts';
import { condValue } from './conditions.ts';
import { type CType, decay, INT, intRange, LONG, primitiveType, ptrTo, ULONG, UNKNOWN, VOID_PTR } from './ctypes.ts';
import type { State } from './state.ts';
import { constOf, konst, PKT_END, provOf, type Scalar, scalar, TOP, unknownScalar, type Val } from './values.ts';

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

function pointee(t: CType): CType {
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

function typeFromText(text: string): CType {
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

/** The place an lvalue expression names. */
export function lv(cx: Cx, n: Node, st: State): L[] {
  cx.a.step();
  switch (n.type) {
    case 'identifier': {
      const v = cx.scope.lookup(n.text);
      if (v) return [{ st, loc: { k: 'var', key: v.key, type: v.type } }];
      if (cx.a.maps.has(n.text)) return [{ st, loc: { k: 'none', type: UNKNOWN, v: { k: 'map', name: n.text } } }];
      const g = cx.a.globals.get(n.text);
      return [{ st, loc: { k: 'none', type: g ? typeFromText(g.type) : UNKNOWN, prov: g && g.placement !== '.rodata' ? 'rt' : 'unk' } }];
    }
    case 'parenthesized_expression': {
      const inner = named(n)[0];
      if (!inner) throw new GiveUp('paren');
      return lv(cx, inner, st);
    }
    case 'field_expression': {
      const arg = field(n, 'argument');
      const fname = field(n, 'field')?.text;
      const op = field(n, 'operator')?.text;
      if (!arg || !fname) throw new GiveUp('field');
      if (op === '->') {
        return ev(cx, arg, st).map((r) => ({ st: r.st, loc: memberOfPointer(cx, r.v, pointee(r.t), fname) }));
      }
      return lv(cx, arg, st).map((l) => ({ st: l.st, loc: memberOfPlace(cx, l.loc, fname) }));
    }
    case 'pointer_expression': {
      const op = field(n, 'operator')?.text;
      const arg = field(n, 'argument');
      if (!arg) throw new GiveUp('deref');
      if (op !== '*') return ev(cx, n, st).map((r) => ({ st: r.st, loc: { k: 'none', type: r.t, v: r.v } }));
      return ev(cx, arg, st).map((r) => {
        const to = pointee(r.t);
        if (r.v.k === 'addr') return { st: r.st, loc: { k: 'var', key: r.v.key, type: to } };
        return { st: r.st, loc: { k: 'mem', ptr: r.v, off: 0, type: to } };
      });
    }
    case 'subscript_expression': {
      const arg = field(n, 'argument');
      const index = field(n, 'index');
      if (!arg || !index) throw new GiveUp('subscript');
      const base = staticType(cx, arg, st);
      if (base.k === 'array' && arg.type !== 'identifier') {
        // An array inside a struct or packet header: index the place itself.
        return lv(cx, arg, st).flatMap((l) => ev(cx, index, l.st).map((i) => ({ st: i.st, loc: indexPlace(cx, i.st, l.loc, i.v, n) })));
      }
      return ev(cx, arg, st).flatMap((p) =>
        ev(cx, index, p.st).map((i) => {
          const elemT = pointee(p.t);
          const elem = elemT.k === 'void' ? 1 : cx.a.types.sizeOf(elemT);
          if (p.v.k === 'addr') {
            const c = constOf(i.v);
            return { st: i.st, loc: c !== undefined ? ({ k: 'var', key: `${p.v.key}[${c}]`, type: elemT } as Loc) : ({ k: 'none', type: elemT } as Loc) };
          }
          const ci = constOf(i.v);
          if (ci !== undefined && elem !== undefined) return { st: i.st, loc: { k: 'mem', ptr: p.v, off: ci * elem, type: elemT } as Loc };
          const q = ptrAdd(cx, i.st, p.v, i.v, elem, 1, n);
          return { st: i.st, loc: { k: 'mem', ptr: q, off: 0, type: elemT } as Loc };
        }),
      );
    }
    case 'cast_expression':
    case 'call_expression':
    case 'conditional_expression':
    case 'compound_literal_expression':
    case 'assignment_expression':
    case 'comma_expression':
      return ev(cx, n, st).map((r) => ({ st: r.st, loc: { k: 'none', type: r.t, v: r.v } }));
    default:
      throw new GiveUp(`lvalue ${n.type}`);
  }
}

function indexPlace(cx: Cx, st: State, loc: Loc, idx: Val, node: Node): Loc {
  const elemT = loc.type.k === 'array' ? loc.type.of : UNKNOWN;
  const elem = cx.a.types.sizeOf(elemT);
  const c = constOf(idx);
  if (loc.k === 'var') return c !== undefined ? { k: 'var', key: `${loc.key}[${c}]`, type: elemT } : { k: 'none', type: elemT };
  if (loc.k === 'none') return { k: 'none', type: elemT };
  if (c !== undefined && elem !== undefined) return { k: 'mem', ptr: loc.ptr, off: loc.off === undefined ? undefined : loc.off + c * elem, type: elemT };
  // A variable index: the verifier adds it to the pointer first.
  if (loc.off === undefined) return { k: 'mem', ptr: TOP, off: undefined, type: elemT };
  const base = ptrAdd(cx, st, loc.ptr, konst(loc.off), 1, 1, node);
  return { k: 'mem', ptr: ptrAdd(cx, st, base, idx, elem, 1, node), off: 0, type: elemT };
}

function memberOfPointer(cx: Cx, p: Val, structT: CType, field: string): Loc {
  if (p.k === 'addr') return { k: 'var', key: `${p.key}.${field}`, type: fieldType(cx, structT, field) };
  if (p.k === 'ctx') return { k: 'mem', ptr: p, off: 0, type: ctxFieldType(p.struct, field), field };
  if (structT.k !== 'struct') return { k: 'mem', ptr: p, off: undefined, type: UNKNOWN };
  const f = cx.a.types.field(structT.name, field);
  if (!f) return { k: 'mem', ptr: p, off: undefined, type: UNKNOWN };
  return { k: 'mem', ptr: p, off: f.offset, type: f.type, ...(f.bitBytes ? { bits: { count: f.bitBytes.count, width: f.bitBytes.width } } : {}) };
}

function memberOfPlace(cx: Cx, loc: Loc, field: string): Loc {
  const structT = loc.type;
  if (loc.k === 'var') return { k: 'var', key: `${loc.key}.${field}`, type: fieldType(cx, structT, field) };
  if (loc.k === 'none') return { k: 'none', type: fieldType(cx, structT, field), ...(loc.prov ? { prov: loc.prov } : {}) };
  if (loc.ptr.k === 'ctx') return { k: 'mem', ptr: loc.ptr, off: undefined, type: UNKNOWN };
  if (structT.k !== 'struct') return { k: 'mem', ptr: loc.ptr, off: undefined, type: UNKNOWN };
  const f = cx.a.types.field(structT.name, field);
  if (!f) return { k: 'mem', ptr: loc.ptr, off: undefined, type: UNKNOWN };
  return {
    k: 'mem',
    ptr: loc.ptr,
    off: loc.off === undefined || f.offset === undefined ? undefined : loc.off + f.offset,
    type: f.type,
    ...(f.bitBytes ? { bits: { count: f.bitBytes.count, width: f.bitBytes.width } } : {}),
  };
}

function fieldType(cx: Cx, structT: CType, field: string): CType {
  if (structT.k !== 'struct') return UNKNOWN;
  return cx.a.types.field(structT.name, field)?.type ?? UNKNOWN;
}

function ctxFieldType(struct: string, field: string): CType {
  const f = helperIndex()
    .contextStruct(struct)
    ?.fields.find((x) => x.name === field);
  if (!f) return UNKNOWN;
  const t = primitiveType(f.type.replace(/\b(const|volatile)\b/g, '').trim().split(/\s+/));
  return t ?? (f.size === 8 ? ULONG : UNKNOWN);
}

/** `&place`. */
export function addressOf(cx: Cx, st: State, loc: Loc, node: Node): Val {
  switch (loc.k) {
    case 'var':
      return { k: 'addr', key: loc.key };
    case 'none':
      return loc.v && loc.v.k === 'map' ? loc.v : TOP;
    case 'mem':
      if (loc.off === undefined) return loc.ptr.k === 'stale' ? loc.ptr : TOP;
      if (loc.ptr.k === 'ctx') return TOP;
      return ptrAdd(cx, st, loc.ptr, konst(loc.off), 1, 1, node);
  }
}

/** Reads a place (checking the access); arrays decay to their address. */
export function load(cx: Cx, st: State, loc: Loc, node: Node): R {
  const t = loc.type;
  if (t.k === 'array') return { st, v: addressOf(cx, st, loc, node), t: decay(t) };
  switch (loc.k) {
    case 'var': {
      const v = st.get(loc.key);
      return { st, v: v ?? untracked(st, loc.key, t), t, key: loc.key };
    }
    case 'none':
      return { st, v: loc.v ?? anyOf(t, loc.prov ?? 'unk'), t };
    case 'mem': {
      const p = loc.ptr;
      if (p.k === 'ctx' && loc.field) return { st, v: ctxField(cx, st, p.struct, loc.field, t, node), t };
      const size = loc.bits ? loc.bits.count : cx.a.types.sizeOf(t);
      checkDeref(cx, st, p, loc.off, size, node, 'read');
      if (p.k === 'pkt' || p.k === 'obj' || p.k === 'nullable') {
        if (t.k !== 'int') return { st, v: TOP, t };
        const v = loc.bits ? scalar(0, 2 ** Math.min(loc.bits.width, 53) - 1, 'rt') : (anyOf(t, 'rt') as Scalar);
        v.sid = p.k === 'pkt' ? `L${p.base}.${p.id}.${p.off + (loc.off ?? NaN)}.${size}` : `M${cx.a.nodeKey(node)}`;
        return { st, v: st.withFacts(v), t };
      }
      return { st, v: t.k === 'int' ? anyOf(t, 'rt') : TOP, t };
    }
  }
}

/**
 * A local (or a field of one) whose value is not tracked: zero when the
 * enclosing aggregate was zero-initialised, else a run-time value (written by a
 * helper, copied from the packet or a map), or unknown.
 */
function untracked(st: State, key: string, t: CType): Val {
  let k = key;
  for (;;) {
    const cut = Math.max(k.lastIndexOf('.'), k.lastIndexOf('['));
    if (cut <= 0) break;
    k = k.slice(0, cut);
    const outer = st.get(k);
    if (outer === undefined) continue;
    if (outer.k === 'scalar' && outer.lo === 0 && outer.hi === 0 && outer.prov === 'const') return t.k === 'int' || t.k === 'ptr' ? konst(0) : TOP;
    if (outer.k === 'scalar' && outer.prov === 'unk') return anyOf(t, 'unk');
    break;
  }
  return anyOf(t, 'rt');
}

function ctxField(cx: Cx, st: State, struct: string, field: string, t: CType, node: Node): Val {
  const kind = ctxFieldKind(struct, field);
  switch (kind) {
    case 'data':
      return { k: 'pkt', base: 'data', id: 0, off: 0, varMax: 0, range: st.rangeOf('data', 0) };
    case 'meta':
      return { k: 'pkt', base: 'meta', id: 1, off: 0, varMax: 0, range: st.rangeOf('meta', 1) };
    case 'end':
      return PKT_END;
    case 'sock-or-null':
      return { k: 'nullable', id: cx.a.nextId(), target: 'sock', origin: { helper: `${struct.replace(/^struct\s+/, '')}->${field}`, ...cx.a.span(node) } };
    default: {
      const v = t.k === 'int' ? anyOf(t, 'rt') : t.k === 'unknown' ? unknownScalar('rt') : TOP;
      return v.k === 'scalar' ? st.withFacts({ ...v, sid: `C${struct}.${field}` }) : v;
    }
  }
}

/** Writes a value to a place (checking the access). */
export function store(cx: Cx, st: State, loc: Loc, v: Val, node: Node): void {
  switch (loc.k) {
    case 'var':
      st.set(loc.key, convert(v, loc.type));
      return;
    case 'none':
      return;
    case 'mem': {
      if (loc.ptr.k === 'ctx') {
        st.forgetFacts('C');
        return;
      }
      const size = loc.bits ? loc.bits.count : cx.a.types.sizeOf(loc.type);
      checkDeref(cx, st, loc.ptr, loc.off, size, node, 'write');
      st.forgetFacts(loc.ptr.k === 'pkt' ? 'L' : 'M');
      return;
    }
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
