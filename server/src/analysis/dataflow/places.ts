/**
 * Places (lvalues): what an expression names in memory (a local, a struct
 * member, an array element, a packet or context field), and loading from and
 * storing to them.
 */
import type { Node } from 'web-tree-sitter';
import { helperIndex } from '../../helpers/database.ts';
import { ctxFieldKind, GiveUp } from './analyzer.ts';
import { checkDeref } from './checks.ts';
import { field, named } from './syn.ts';
import { type CType, decay, primitiveType, ULONG, UNKNOWN } from './ctypes.ts';
import type { State } from './state.ts';
import { constOf, konst, PKT_END, type Scalar, scalar, TOP, unknownScalar, type Val } from './values.ts';
import { anyOf, convert, ev, pointee, ptrAdd, staticType, typeFromText, type Cx, type L, type Loc, type R } from './expressions.ts';


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
export function untracked(st: State, key: string, t: CType): Val {
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
