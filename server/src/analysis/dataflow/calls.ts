/**
 * Calls: BPF helpers (argument checks, NULL-able results, packet invalidation),
 * compiler builtins (memcpy & co., atomics, byte swaps), static functions of
 * the file (interpreted with the caller's values, like the verifier does for
 * inlined code and static subprograms), and everything else (unknown: its
 * pointer arguments are forgotten).
 */
import type { Node } from 'web-tree-sitter';
import { field } from './syn.ts';
import { helperIndex } from '../../helpers/database.ts';
import type { Helper, Param } from '../../helpers/schema.ts';
import { changesPacket, GiveUp, Scope } from './analyzer.ts';
import { fitTo } from './arith.ts';
import { checkDeref, reportKnownNull, reportNull, reportStale } from './checks.ts';
import { type CType, decay, INT, primitiveType, UNKNOWN } from './ctypes.ts';
import { anyOf, checkMemArg, convert, type Cx, ev, evalSeq, named, type R } from './expressions.ts';
import { atMacroUse, expansionText, forgetForMacro, macroOf, parseMacroExpression } from './macros.ts';
import { execFunctionBody } from './statements.ts';
import type { State } from './state.ts';
import { BYTE_SWAPS, swapBytes } from './headers.ts';
import { constOf, type Invalidation, isConst, konst, valKey, type Nullable, type PointerTarget, scalar, TOP, unknownScalar, type Val } from './values.ts';

const MAX_INLINE_DEPTH = 6;

const MEMORY_BUILTINS: Readonly<Record<string, 'copy' | 'set' | 'cmp'>> = {
  __builtin_memcpy: 'copy',
  memcpy: 'copy',
  __builtin_memmove: 'copy',
  memmove: 'copy',
  __builtin_memset: 'set',
  memset: 'set',
  __builtin_memcmp: 'cmp',
  memcmp: 'cmp',
};

/** Parameter kinds whose argument the verifier reads as memory. */
const MEMORY_KINDS = new Set(['map-key', 'map-value', 'mem-read', 'mem-write', 'long-ptr']);
/** Parameter kinds that need a pointer (a stale packet pointer is a plain number there). */
const POINTER_KINDS = new Set([...MEMORY_KINDS, 'const-str', 'ringbuf-mem', 'socket', 'btf-id', 'spin-lock', 'timer', 'dynptr']);
/** Parameter kinds the helper writes through. */
const WRITTEN_KINDS = new Set(['mem-write', 'long-ptr', 'other', 'dynptr', 'callback-ctx']);

export function evalCall(cx: Cx, n: Node, st: State): R[] {
  const fn = field(n, 'function');
  const argList = field(n, 'arguments');
  const args = argList ? named(argList) : [];
  if (!fn) throw new GiveUp('call');
  if (fn.type !== 'identifier' || cx.scope.lookup(fn.text)) return unknownCall(cx, n, args, st, undefined);
  const name = fn.text;
  if (/^(__builtin_expect|likely|unlikely|__builtin_expect_with_probability)$/.test(name) && args[0]) {
    return evalSeq(cx, args, st, (s, rs) => [{ st: s, v: rs[0].v, t: rs[0].t }]);
  }
  const swap = BYTE_SWAPS[name];
  if (swap && args.length === 1) {
    const t: CType = { k: 'int', size: swap, signed: false };
    return ev(cx, args[0], st).map((r) => {
      const v = r.v;
      const c = constOf(v);
      if (c !== undefined && v.k === 'scalar') {
        const s = swapBytes(c, swap);
        return { st: r.st, v: s === undefined ? anyOf(t, 'unk') : { ...konst(s), prov: v.prov }, t };
      }
      return { st: r.st, v: anyOf(t, v.k === 'scalar' ? v.prov : 'unk'), t };
    });
  }
  const macro = macroOf(cx, n);
  if (macro) return macroCall(cx, n, macro, st);
  const mem = MEMORY_BUILTINS[name];
  if (mem && args.length === 3) return memoryBuiltin(cx, n, mem, args, st);
  if (/^__(sync|atomic)_/.test(name)) return atomicBuiltin(cx, n, args, st);
  const helper = helperIndex().helper(name);
  const fnNode = cx.a.functions.get(name);
  if (fnNode && (!helper || field(fnNode, 'body'))) return userFunctionCall(cx, n, name, fnNode, args, st);
  if (helper) return helperCall(cx, n, helper, args, st);
  return unknownCall(cx, n, args, st, name);
}

/** A function-like macro of the file used as an expression: its expansion, interpreted in place. */
function macroCall(cx: Cx, n: Node, macro: { name: string; params: string[]; body: string }, st: State): R[] {
  const text = expansionText(macro, n);
  const expr = text !== undefined ? parseMacroExpression(cx.a, text) : undefined;
  const saved = st.clone();
  const rs = expr ? atMacroUse(cx.a, macro.name, n, () => ev(cx, expr, st)) : undefined;
  if (rs) return rs;
  forgetForMacro(cx, n, saved);
  return [{ st: saved, v: unknownScalar('unk'), t: UNKNOWN }];
}

function memoryBuiltin(cx: Cx, n: Node, kind: 'copy' | 'set' | 'cmp', args: Node[], st: State): R[] {
  return evalSeq(cx, args, st, (s, rs) => {
    const size = constOf(rs[2].v);
    // The copy's loads and stores are the call's line to the verifier.
    if (kind === 'copy' || kind === 'cmp') checkMemArg(cx, s, rs[1].v, size, n, 'read');
    checkMemArg(cx, s, rs[0].v, size, n, kind === 'cmp' ? 'read' : 'write');
    if (kind !== 'cmp' && rs[0].v.k === 'addr') s.havoc(rs[0].v.key);
    if (kind !== 'cmp') s.forgetFacts();
    return [{ st: s, v: kind === 'cmp' ? unknownScalar('rt') : rs[0].v, t: kind === 'cmp' ? INT : rs[0].t }];
  });
}

function atomicBuiltin(cx: Cx, n: Node, args: Node[], st: State): R[] {
  return evalSeq(cx, args, st, (s, rs) => {
    const p = rs[0];
    if (!p) return [{ st: s, v: TOP, t: UNKNOWN }];
    const to = decay(p.t);
    const size = to.k === 'ptr' ? cx.a.types.sizeOf(to.to) : undefined;
    checkDeref(cx, s, p.v, 0, size, n, 'write');
    if (p.v.k === 'addr') s.havoc(p.v.key);
    s.forgetFacts('M', 'L');
    const t = to.k === 'ptr' ? to.to : UNKNOWN;
    return [{ st: s, v: anyOf(t, 'rt'), t }];
  });
}

function helperReturnType(h: Helper): CType {
  const t = primitiveType(h.returnType.replace(/\*/g, '').trim().split(/\s+/));
  return h.returnType.includes('*') ? { k: 'ptr', to: UNKNOWN } : (t ?? INT);
}

function helperCall(cx: Cx, n: Node, h: Helper, args: Node[], st: State): R[] {
  return evalSeq(cx, args, st, (s, rs) => {
    let mapArg: Val | undefined;
    h.params.forEach((p, i) => {
      const r = rs[i];
      const node = args[i];
      if (!r || !node) return;
      // The verifier checks arguments at the call instruction: the call's line.
      checkHelperArg(cx, s, h, p, r, n, rs, mapArg);
      if (p.kind === 'map') mapArg = r.v;
    });
    for (let i = h.params.length; i < rs.length; i++) if (rs[i].v.k === 'addr') s.havoc((rs[i].v as { key: string }).key);
    s.forgetFacts();
    const result = helperResult(cx, n, h, s, rs, mapArg);
    if (changesPacket(h)) invalidate(cx, s, h.name, n);
    return [{ st: s, v: result.v, t: result.t }];
  });
}

function checkHelperArg(cx: Cx, st: State, h: Helper, p: Param, r: R, node: Node, rs: R[], mapArg: Val | undefined): void {
  const v = r.v;
  if (v.k === 'nullable' && !p.nullable && p.kind !== 'scalar' && p.kind !== 'flags' && p.kind !== 'size' && p.kind !== 'callback-ctx' && p.kind !== 'other') {
    reportNull(cx, st, v, node, 'arg');
    return;
  }
  if (v.k === 'scalar' && v.nullOf && !p.nullable && (POINTER_KINDS.has(p.kind) || p.kind === 'map' || p.kind === 'kptr')) {
    reportKnownNull(cx, st, v.nullOf, node, 'arg');
    return;
  }
  if (v.k === 'stale' && POINTER_KINDS.has(p.kind)) {
    reportStale(cx, st, v.inv, node, { viaEnd: false, base: v.was, ptrOff: v.off });
    return;
  }
  if (v.k === 'pkt' && MEMORY_KINDS.has(p.kind)) {
    let size: number | undefined;
    if (p.kind === 'map-key' || p.kind === 'map-value') {
      const m = mapArg && mapArg.k === 'map' ? cx.a.mapInfo(mapArg.name) : undefined;
      const field = p.kind === 'map-key' ? m?.key : m?.value;
      size = field ? cx.a.typeTextSize(field.text) : p.kind === 'map-key' ? m?.keySize?.value : m?.valueSize?.value;
    } else if (p.kind === 'long-ptr') size = 8;
    else if (p.sizeParam) {
      const j = h.params.findIndex((q) => q.name === p.sizeParam);
      const sr = j >= 0 ? rs[j] : undefined;
      size = sr ? constOf(sr.v) : undefined;
    }
    checkMemArg(cx, st, v, size, node, 'helper');
  }
  if (v.k === 'addr' && WRITTEN_KINDS.has(p.kind)) st.havoc(v.key);
}

function targetOf(h: Helper, mapArg: Val | undefined, cx: Cx): PointerTarget {
  const ret = h.returns.retType ?? '';
  if (/SOCK|BTF_ID/.test(ret)) return 'sock';
  if (/MAP_VALUE/.test(ret) && mapArg?.k === 'map') {
    const t = cx.a.mapInfo(mapArg.name)?.type?.text ?? '';
    if (/OF_MAPS/.test(t)) return 'map';
  }
  return 'mem';
}

function helperResult(cx: Cx, n: Node, h: Helper, st: State, rs: R[], mapArg: Val | undefined): { v: Val; t: CType } {
  const t = helperReturnType(h);
  switch (h.returns.kind) {
    case 'ptr-or-null': {
      const target = targetOf(h, mapArg, cx);
      if (h.name === 'bpf_map_lookup_elem' || h.name === 'bpf_map_lookup_percpu_elem') {
        const elided = lookupMayBeNonNull(cx, st, mapArg, rs[1]?.v);
        if (elided === 'yes') return { v: { k: 'obj', target }, t };
        if (elided === 'maybe') return { v: TOP, t };
      }
      const v: Nullable = { k: 'nullable', id: cx.a.nextId(), target, origin: { helper: h.name, ...cx.a.span(n) } };
      if (mapArg?.k === 'map' && mapArg.name) v.mapName = mapArg.name;
      return { v, t };
    }
    case 'ptr':
      return { v: { k: 'obj', target: 'mem' }, t };
    default:
      if (t.k === 'int') return { v: { ...fitTo(scalar(-Infinity, Infinity, 'rt'), t), sid: `H${cx.a.nodeKey(n)}` }, t };
      return { v: { ...unknownScalar('rt'), sid: `H${cx.a.nodeKey(n)}` }, t };
  }
}

/**
 * Since Linux 6.14 a lookup in an array map with a constant key below
 * max_entries returns a pointer that is never NULL. 'yes' when the key is the
 * constant 0 (a zeroed stack slot the verifier always sees as constant),
 * 'maybe' when it may be constant to the verifier, 'no' otherwise.
 */
function lookupMayBeNonNull(cx: Cx, st: State, mapArg: Val | undefined, key: Val | undefined): 'yes' | 'maybe' | 'no' {
  if (!key || key.k !== 'addr') return 'no';
  const kv = st.get(key.key);
  const known = mapArg?.k === 'map' && mapArg.name ? cx.a.mapInfo(mapArg.name) : undefined;
  const type = known?.type?.text.trim();
  if (known && type && /^BPF_MAP_TYPE_\w+$/.test(type) && type !== 'BPF_MAP_TYPE_ARRAY' && type !== 'BPF_MAP_TYPE_PERCPU_ARRAY') return 'no';
  if (kv && kv.k === 'scalar' && kv.prov === 'rt') return 'no';
  if (!known || !type || !/^BPF_MAP_TYPE_/.test(type)) return kv && isConst(kv) ? 'maybe' : kv && kv.k === 'scalar' && kv.prov === 'rt' ? 'no' : 'maybe';
  const c = kv ? constOf(kv) : undefined;
  if (c !== undefined) {
    const max = known.maxEntries?.value;
    if (c === 0 && (max === undefined || max > 0)) return 'yes';
    if (max !== undefined && (c < 0 || c >= max)) return 'no';
    return 'maybe';
  }
  return 'maybe';
}

/** After a call that changes packet data every packet pointer is a plain number to the verifier. */
export function invalidate(cx: Cx, st: State, helper: string, n: Node): void {
  const inv: Invalidation = { id: cx.a.nextId(), helper, ...cx.a.span(n), chain: cx.frame.chain };
  st.mapValues((v) => {
    if (v.k === 'pkt') return { k: 'stale', inv, was: v.base, off: v.off };
    if (v.k === 'pkt_end') return { k: 'stale', inv, was: 'end', off: 0 };
    return undefined;
  });
  st.staleChecks.clear();
  st.ranges.clear();
}

function havocArgs(st: State, rs: R[]): void {
  for (const r of rs) if (r.v.k === 'addr') st.havoc(r.v.key);
}

function unknownCall(cx: Cx, _n: Node, args: Node[], st: State, name: string | undefined): R[] {
  return evalSeq(cx, args, st, (s, rs) => {
    havocArgs(s, rs);
    s.forgetFacts();
    if ((name && cx.a.macroChangesPacket(name)) || rs.some((r) => r.v.k === 'ctx')) {
      // It may change the packet: what is proven about packet pointers is no longer known.
      s.mapValues((v) => (v.k === 'pkt' || v.k === 'pkt_end' ? TOP : undefined));
    }
    return [{ st: s, v: unknownScalar(rs.every((r) => r.v.k === 'scalar' && r.v.prov === 'const') ? 'unk' : 'rt'), t: UNKNOWN }];
  });
}

function paramsOf(cx: Cx, fnNode: Node): { name: string; type: CType; node: Node }[] | undefined {
  const decl = field(fnNode, 'declarator');
  let fd: Node | null = decl;
  while (fd && fd.type !== 'function_declarator') fd = field(fd, 'declarator');
  const list = fd ? field(fd, 'parameters') : null;
  if (!list) return undefined;
  const out: { name: string; type: CType; node: Node }[] = [];
  for (const p of named(list)) {
    if (p.type === 'variadic_parameter') return undefined;
    if (p.type !== 'parameter_declaration') continue;
    const base = cx.a.types.fromSpecifier(field(p, 'type'));
    const d = field(p, 'declarator');
    if (!d) {
      if (base.k === 'void') continue;
      return undefined;
    }
    const { type, name } = cx.a.types.fromDeclarator(base, d);
    if (!name) return undefined;
    out.push({ name: name.text, type: decay(type), node: name });
  }
  return out;
}

function returnTypeOf(cx: Cx, fnNode: Node): CType {
  const base = cx.a.types.fromSpecifier(field(fnNode, 'type'));
  let d: Node | null = field(fnNode, 'declarator');
  let t = base;
  while (d && d.type === 'pointer_declarator') {
    t = { k: 'ptr', to: t };
    d = field(d, 'declarator');
  }
  return t;
}

function isStaticFunction(fnNode: Node): boolean {
  return fnNode.namedChildren.some((c) => c?.type === 'storage_class_specifier' && (c.text === 'static' || c.text === 'inline'));
}

function userFunctionCall(cx: Cx, n: Node, name: string, fnNode: Node, args: Node[], st: State): R[] {
  const body = field(fnNode, 'body');
  const params = paramsOf(cx, fnNode);
  const inStack = cx.frame.chain.length >= MAX_INLINE_DEPTH || cx.frame.name === name || fnNode.hasError;
  if (!body || !params || params.length !== args.length || !isStaticFunction(fnNode) || inStack) {
    // A global function is verified on its own; the caller only sees whether it changes the packet.
    return evalSeq(cx, args, st, (s, rs) => {
      havocArgs(s, rs);
      s.forgetFacts();
      const changes = cx.a.functionChangesPacket(name);
      if (changes) invalidate(cx, s, changes, n);
      const rt = returnTypeOf(cx, fnNode);
      return [{ st: s, v: rt.k === 'int' ? anyOf(rt, 'rt') : TOP, t: rt }];
    });
  }
  const retType = returnTypeOf(cx, fnNode);
  const scalarParams = params.every((p) => p.type.k === 'int');
  return evalSeq(cx, args, st, (s, rs) => {
    // A function of numbers only cannot see or change the caller's pointers:
    // the same arguments give the same results.
    const memoKey = scalarParams && rs.every((r) => r.v.k === 'scalar') ? `${name}(${rs.map((r) => valKey(r.v)).join(',')})${s.uncertain ? 'U' : ''}${cx.a.quiet > 0 ? 'Q' : ''}` : undefined;
    const memo = memoKey ? cx.a.callMemo.get(memoKey) : undefined;
    if (memo) {
      return memo.map((m, i) => {
        const out = i === memo.length - 1 ? s : s.clone();
        if (m.uncertain) out.uncertain = true;
        return { st: out, v: m.v, t: retType };
      });
    }
    const frameId = cx.a.nextId();
    const scope = new Scope();
    params.forEach((p, i) => {
      const key = `${p.name}@${p.node.startIndex}#${frameId}`;
      scope.declare({ key, type: p.type, name: p.name });
      s.set(key, convert(rs[i].v, p.type));
    });
    const frame = {
      fn: fnNode,
      name,
      id: frameId,
      depth: cx.frame.depth + 1,
      returnType: retType,
      chain: [...cx.frame.chain, cx.a.span(n)],
    };
    const saved = s.clone();
    let results: { st: State; v: Val }[];
    const before = cx.a.steps;
    try {
      results = execFunctionBody({ a: cx.a, frame, scope }, body, s);
      cx.a.stepsIn.set(name, (cx.a.stepsIn.get(name) ?? 0) + cx.a.steps - before);
    } catch (e) {
      if (!(e instanceof GiveUp) || e.why === 'budget') throw e;
      cx.a.gaveUpOn.push(`${name}: ${e.why}`);
      return [opaqueStaticCall(cx, n, name, saved, rs, retType)];
    }
    const tag = `#${frameId}`;
    const out = results.map((r) => {
      // the callee's own variables (keys tagged with its frame) end with the call
      for (const k of r.st.vars.keys()) if (ownedBy(k, tag)) r.st.vars.delete(k);
      return { st: r.st, v: r.v, t: retType };
    });
    if (memoKey && out.every((r) => r.v.k === 'scalar' || r.v.k === 'top')) {
      cx.a.callMemo.set(
        memoKey,
        out.map((r) => ({ v: r.v, uncertain: r.st.uncertain })),
      );
    }
    return out;
  });
}

/** Whether variable key `k` belongs to the frame tagged `tag` ("#12": "x@40#12", "s@8#12.a", not "#123"). */
function ownedBy(k: string, tag: string): boolean {
  for (let i = k.indexOf(tag); i >= 0; i = k.indexOf(tag, i + 1)) {
    const end = i + tag.length;
    if (end === k.length || k.charCodeAt(end) === 46 /* . */ || k.charCodeAt(end) === 91 /* [ */) return true;
  }
  return false;
}

/** A static function this analysis cannot follow: forget what it may have proven or changed. */
function opaqueStaticCall(cx: Cx, n: Node, name: string, st: State, rs: R[], retType: CType): R {
  havocArgs(st, rs);
  st.forgetFacts();
  const nullIds = new Set(rs.flatMap((r) => (r.v.k === 'nullable' ? [r.v.id] : [])));
  st.poisonRanges();
  st.mapValues((v) => (v.k === 'nullable' && nullIds.has(v.id) ? { k: 'obj', target: v.target } : undefined));
  const changes = cx.a.functionChangesPacket(name);
  if (changes) invalidate(cx, st, changes, n);
  return { st, v: retType.k === 'int' ? anyOf(retType, 'rt') : TOP, t: retType };
}
