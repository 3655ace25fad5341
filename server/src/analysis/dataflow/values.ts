/**
 * Abstract values: what the verifier would know about a register holding the
 * value of a C expression. Plain immutable objects; states map variables to them.
 */

/**
 * Where a scalar comes from. `const`: known when the program is loaded
 * (literals, sizeof, enums, macros this file defines). `rt`: only known at run
 * time (packet bytes, map values, helper results) so the verifier cannot know
 * it either. `unk`: this analysis cannot tell (an unresolved macro, an
 * external constant): it may well be a constant to the verifier.
 */
export type Prov = 'const' | 'unk' | 'rt';

export interface Scalar {
  k: 'scalar';
  lo: number;
  hi: number;
  prov: Prov;
  /** Values known not to be taken (from `!=` tests). */
  ne?: readonly number[];
  /**
   * Which run-time value this is (the load or call it came from, and the
   * arithmetic applied), so the same expression computed twice (which the
   * compiler computes once) gives the same packet pointer id.
   */
  sid?: string;
  /** This NULL is what a maybe-NULL helper result turned out to be on this path. */
  nullOf?: NullOrigin;
}

/** A packet pointer: base + variable part (0..varMax, identified by `id`) + `off`; `range` bytes proven from the base. */
export interface Pkt {
  k: 'pkt';
  base: 'data' | 'meta';
  id: number;
  off: number;
  varMax: number;
  range: number;
}

export interface PktEnd {
  k: 'pkt_end';
}

/** A helper call that changes packet data (or a call that reaches one). */
export interface Invalidation {
  id: number;
  helper: string;
  /** The helper call expression, in the user's text. */
  start: number;
  end: number;
  /** Call sites, outermost first, through which the analysis reached the helper call. */
  chain: readonly { start: number; end: number }[];
}

/** What a packet pointer became after an invalidating call: an unknown scalar to the verifier. */
export interface Stale {
  k: 'stale';
  inv: Invalidation;
  was: 'data' | 'meta' | 'end';
  off: number;
}

export interface Ctx {
  k: 'ctx';
  struct: string;
}

export type PointerTarget = 'mem' | 'map' | 'sock';

export interface NullOrigin {
  helper: string;
  start: number;
  end: number;
}

/** A pointer that may be NULL and has not been tested yet. */
export interface Nullable {
  k: 'nullable';
  id: number;
  target: PointerTarget;
  origin: NullOrigin;
  mapName?: string;
}

/** A valid pointer to memory the program may use (a map value, a socket, a reserved record). */
export interface Obj {
  k: 'obj';
  target: PointerTarget;
  mapName?: string;
}

/** `&map`: a map. */
export interface MapRef {
  k: 'map';
  name: string | undefined;
}

/** The address of a local variable (or of a field path inside one). */
export interface Addr {
  k: 'addr';
  key: string;
}

/** Anything: this analysis does not know, so the checks say nothing about it. */
export interface Top {
  k: 'top';
}

export type Val = Scalar | Pkt | PktEnd | Stale | Ctx | Nullable | Obj | MapRef | Addr | Top;

export const TOP: Top = { k: 'top' };
export const PKT_END: PktEnd = { k: 'pkt_end' };

const MAX_SAFE = 2 ** 53;

export function norm(x: number): number {
  if (Number.isNaN(x)) return Infinity;
  return x > MAX_SAFE ? Infinity : x < -MAX_SAFE ? -Infinity : x;
}

export function scalar(lo: number, hi: number, prov: Prov): Scalar {
  const l = norm(lo);
  const h = norm(hi);
  return { k: 'scalar', lo: Number.isNaN(lo) ? -Infinity : l, hi: h, prov };
}

export function konst(v: number): Scalar {
  return { k: 'scalar', lo: v, hi: v, prov: 'const' };
}

export function isConst(v: Val): boolean {
  return v.k === 'scalar' && v.lo === v.hi && Number.isFinite(v.lo);
}

export function constOf(v: Val): number | undefined {
  return v.k === 'scalar' && v.lo === v.hi && Number.isFinite(v.lo) ? v.lo : undefined;
}

export function unknownScalar(prov: Prov = 'unk'): Scalar {
  return { k: 'scalar', lo: -Infinity, hi: Infinity, prov };
}

export function provOf(...vs: Val[]): Prov {
  let p: Prov = 'const';
  for (const v of vs) {
    const q: Prov = v.k === 'scalar' ? v.prov : v.k === 'top' ? 'unk' : 'rt';
    if (q === 'rt') return 'rt';
    if (q === 'unk') p = 'unk';
  }
  return p;
}

/** True when a pointer value is known not to be NULL. */
export function nonNullPointer(v: Val): boolean {
  return v.k === 'pkt' || v.k === 'pkt_end' || v.k === 'ctx' || v.k === 'obj' || v.k === 'map' || v.k === 'addr';
}

export function sameVal(a: Val, b: Val): boolean {
  if (a === b) return true;
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'scalar': {
      const s = b as Scalar;
      return a.lo === s.lo && a.hi === s.hi && a.prov === s.prov && a.sid === s.sid && a.nullOf === s.nullOf && (a.ne ?? []).join() === (s.ne ?? []).join();
    }
    case 'pkt': {
      const p = b as Pkt;
      return a.base === p.base && a.id === p.id && a.off === p.off && a.varMax === p.varMax && a.range === p.range;
    }
    case 'stale': {
      const s = b as Stale;
      return a.inv.id === s.inv.id && a.was === s.was && a.off === s.off;
    }
    case 'ctx':
      return a.struct === (b as Ctx).struct;
    case 'nullable':
      return a.id === (b as Nullable).id;
    case 'obj':
      return a.target === (b as Obj).target && a.mapName === (b as Obj).mapName;
    case 'map':
      return a.name === (b as MapRef).name;
    case 'addr':
      return a.key === (b as Addr).key;
    default:
      return true;
  }
}

export function valKey(v: Val): string {
  switch (v.k) {
    case 'scalar':
      return `s${v.lo},${v.hi},${v.prov}${v.ne ? `!${v.ne.join(',')}` : ''}${v.sid ? `#${v.sid}` : ''}${v.nullOf ? `@${v.nullOf.start}` : ''}`;
    case 'pkt':
      return `p${v.base},${v.id},${v.off},${v.varMax},${v.range}`;
    case 'stale':
      return `x${v.inv.id},${v.was},${v.off}`;
    case 'ctx':
      return `c${v.struct}`;
    case 'nullable':
      return `n${v.id}`;
    case 'obj':
      return `o${v.target},${v.mapName ?? ''}`;
    case 'map':
      return `m${v.name ?? ''}`;
    case 'addr':
      return `a${v.key}`;
    default:
      return v.k;
  }
}

/** The least value covering both (used only when paths must be merged). */
export function joinVal(a: Val, b: Val): Val {
  if (sameVal(a, b)) return a;
  if (a.k === 'scalar' && b.k === 'scalar' && a.sid !== undefined && a.sid === b.sid) {
    return { k: 'scalar', lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi), prov: a.prov === 'rt' || b.prov === 'rt' ? 'rt' : 'unk', sid: a.sid };
  }
  if (a.k === 'scalar' && b.k === 'scalar') {
    const prov: Prov = a.prov === 'rt' || b.prov === 'rt' ? 'rt' : a.prov === 'unk' || b.prov === 'unk' ? 'unk' : 'const';
    // Two constants from two paths: on each path the verifier knows its constant.
    return scalar(Math.min(a.lo, b.lo), Math.max(a.hi, b.hi), prov === 'const' ? 'unk' : prov);
  }
  if (a.k === 'pkt' && b.k === 'pkt' && a.base === b.base && a.id === b.id && a.off === b.off && a.varMax === b.varMax) {
    return { ...a, range: Math.min(a.range, b.range) };
  }
  if (a.k === 'obj' && b.k === 'obj' && a.target === b.target) return { k: 'obj', target: a.target };
  return TOP;
}
