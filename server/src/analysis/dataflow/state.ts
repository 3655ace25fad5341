/**
 * One abstract path state: the value of every tracked variable (and field
 * path inside a local struct) on one path through the function, like one
 * verifier state. Paths are kept apart (the verifier explores them one by
 * one); only when there are too many are similar ones merged.
 */
import { type Invalidation, joinVal, type Pkt, type Scalar, TOP, type Val, valKey } from './values.ts';

/** A Map that tells its owner when it changes (so cached signatures stay right). */
class WatchedMap<K, V> extends Map<K, V> {
  onChange?: () => void;

  /** A copy of `from`: filled with Map's own set (the overridden one would run per entry through the iterator protocol). */
  constructor(from?: ReadonlyMap<K, V>) {
    super();
    if (from) for (const [k, v] of from) super.set(k, v);
  }

  override set(k: K, v: V): this {
    this.onChange?.();
    return super.set(k, v);
  }
  override delete(k: K): boolean {
    this.onChange?.();
    return super.delete(k);
  }
  override clear(): void {
    this.onChange?.();
    super.clear();
  }
}

const VARS = 1;
const STALE = 2;
const RANGES = 4;
const FACTS = 8;

export class State {
  // The four maps are shared with clones until one side changes one (copy on write):
  // paths split at every branch, and most branches change few of them.
  private v: WatchedMap<string, Val>;
  private sc: WatchedMap<string, Invalidation>;
  private rg: WatchedMap<string, number>;
  private fc: WatchedMap<string, Scalar>;
  /** Which maps (bits) may be shared with another state: copied before this state's first change. */
  private shared = 0;
  private uncertainFlag: boolean;
  /** Invalidations already reported on this path. */
  reported: Set<string>;
  private sig?: string;
  private psig?: string;
  private readonly changed = (): void => {
    this.sig = this.psig = undefined;
  };

  constructor(
    vars?: Map<string, Val>,
    staleChecks?: Map<string, Invalidation>,
    uncertain = false,
    reported?: Set<string>,
    ranges?: Map<string, number>,
    facts?: Map<string, Scalar>,
    /** Internal (clone): share this state's maps instead of copying them. */
    from?: State,
  ) {
    if (from) {
      this.v = from.v;
      this.sc = from.sc;
      this.rg = from.rg;
      this.fc = from.fc;
      this.shared = from.shared = VARS | STALE | RANGES | FACTS;
    } else {
      this.v = this.own(vars);
      this.sc = this.own(staleChecks);
      this.rg = this.own(ranges);
      this.fc = this.own(facts);
    }
    this.uncertainFlag = uncertain;
    this.reported = reported ?? new Set();
  }

  private own<T>(from: ReadonlyMap<string, T> | undefined): WatchedMap<string, T> {
    const m = new WatchedMap<string, T>(from);
    m.onChange = this.changed;
    return m;
  }

  /** `m` itself, or this state's own copy of it when it may be shared (`bit` says which map). */
  private writable<T>(bit: number, m: WatchedMap<string, T>): WatchedMap<string, T> {
    if (!(this.shared & bit)) return m;
    this.shared &= ~bit;
    return this.own(m);
  }

  /** The value of every tracked variable and field path (writable: this state's own map). */
  get vars(): Map<string, Val> {
    return (this.v = this.writable(VARS, this.v));
  }

  /** Packet pointer ids that were compared against a stale data_end (base:id -> the call). */
  get staleChecks(): Map<string, Invalidation> {
    return (this.sc = this.writable(STALE, this.sc));
  }

  /**
   * Bytes proven for each packet pointer id (base:id), so a pointer computed
   * again the same way (one register to the verifier, as the compiler computes
   * it once) starts with what was proven.
   */
  get ranges(): Map<string, number> {
    return (this.rg = this.writable(RANGES, this.rg));
  }

  /**
   * What conditions proved about run-time values by identity (a ctx field, a
   * packet or map load): loading the same value again (one register to the
   * verifier, as the compiler loads it once) gives what is known of it.
   */
  get facts(): Map<string, Scalar> {
    return (this.fc = this.writable(FACTS, this.fc));
  }

  /** The path depends on a value this analysis cannot know: errors on it are not reported. */
  get uncertain(): boolean {
    return this.uncertainFlag;
  }

  set uncertain(u: boolean) {
    if (u !== this.uncertainFlag) this.sig = this.psig = undefined;
    this.uncertainFlag = u;
  }

  clone(): State {
    const c = new State(undefined, undefined, this.uncertainFlag, new Set(this.reported), undefined, undefined, this);
    c.sig = this.sig;
    c.psig = this.psig;
    return c;
  }

  get(key: string): Val | undefined {
    return this.v.get(key);
  }

  /** Writes a variable (or field path) and forgets what was known about its sub-paths. */
  set(key: string, v: Val): void {
    this.forgetBelow(key);
    this.vars.set(key, v);
  }

  forgetBelow(key: string): void {
    // runs on every write: no key list copied, no prefix strings built (deleting while iterating a Map is safe)
    const n = key.length;
    const from = this.v; // a copy made by the first delete leaves this one as it was
    for (const k of from.keys()) {
      if (k.length > n && (k.charCodeAt(n) === 46 /* . */ || k.charCodeAt(n) === 91) /* [ */ && k.startsWith(key)) this.vars.delete(k);
    }
  }

  /** Forgets a variable and everything inside it (a helper wrote to it). */
  havoc(key: string): void {
    this.forgetBelow(key);
    this.vars.delete(key);
  }

  /** Replaces every value `f` maps to something else. */
  mapValues(f: (v: Val) => Val | undefined): void {
    const from = this.v; // a copy made by the first set leaves this one as it was
    for (const [k, v] of from) {
      const nv = f(v);
      if (nv && nv !== v) this.vars.set(k, nv);
    }
  }

  /** Gives every packet pointer with this base and id at least `range` proven bytes. */
  extendRange(base: Pkt['base'], id: number, range: number): void {
    this.mapValues((v) => (v.k === 'pkt' && v.base === base && v.id === id && v.range < range ? { ...v, range } : undefined));
    const key = `${base}:${id}`;
    if ((this.rg.get(key) ?? 0) < range) this.ranges.set(key, range);
  }

  /** Something this analysis cannot follow may have proven anything: assume every packet pointer is fine. */
  poisonRanges(): void {
    this.mapValues((v) => {
      if (v.k !== 'pkt') return undefined;
      this.ranges.set(`${v.base}:${v.id}`, Infinity);
      return { ...v, range: Infinity };
    });
    for (const k of [...this.ranges.keys()]) this.ranges.set(k, Infinity);
    this.ranges.set('data:0', Infinity);
    this.ranges.set('meta:1', Infinity);
  }

  /** Forgets facts about loaded values whose identity starts with one of `prefixes` (all when none given). */
  forgetFacts(...prefixes: string[]): void {
    if (this.fc.size === 0) return;
    for (const k of [...this.fc.keys()]) if (prefixes.length === 0 || prefixes.some((p) => k.startsWith(p))) this.facts.delete(k);
  }

  /** A loaded value, narrowed by what conditions proved about it. */
  withFacts(v: Scalar): Scalar {
    const f = v.sid !== undefined ? this.fc.get(v.sid) : undefined;
    if (!f) return v;
    const lo = Math.max(v.lo, f.lo);
    const hi = Math.min(v.hi, f.hi);
    if (lo > hi) return v;
    return { ...v, lo, hi, ...(f.ne ? { ne: f.ne } : {}) };
  }

  /** Forgets what is proven for pointer ids no variable holds any more (they were temporaries). */
  pruneRanges(): void {
    if (this.rg.size <= 2) return;
    const live = new Set<string>(['data:0', 'meta:1']);
    for (const v of this.v.values()) if (v.k === 'pkt') live.add(`${v.base}:${v.id}`);
    for (const k of [...this.rg.keys()]) if (!live.has(k)) this.ranges.delete(k);
  }

  /** The four maps for reading only (no copy is made). */
  view(): { vars: ReadonlyMap<string, Val>; staleChecks: ReadonlyMap<string, Invalidation>; ranges: ReadonlyMap<string, number>; facts: ReadonlyMap<string, Scalar> } {
    return { vars: this.v, staleChecks: this.sc, ranges: this.rg, facts: this.fc };
  }

  /** What is proven for a packet pointer id (0 when nothing is). */
  rangeOf(base: Pkt['base'], id: number): number {
    return this.rg.get(`${base}:${id}`) ?? 0;
  }

  signature(): string {
    if (this.sig !== undefined) return this.sig;
    const keys = [...this.v.keys()].sort();
    this.sig = `${this.uncertain ? 'U' : ''}|${keys.map((k) => `${k}=${valKey(this.v.get(k)!)}`).join(';')}|${[...this.sc.keys()].sort().join(',')}|${rangesKey(this.rg)}|${[...this.fc].map(([k, f]) => `${k}=${valKey(f)}`).sort().join(',')}`;
    return this.sig;
  }

  /** The signature the state would have if it were certain (computed once, like `signature`). */
  certainSignature(): string {
    const sig = this.signature();
    return this.uncertainFlag ? sig.slice(1) : sig;
  }

  /** What matters for the checks: pointers, not plain numbers. */
  pointerSignature(): string {
    if (this.psig !== undefined) return this.psig;
    const keys = [...this.v.keys()].sort();
    const parts: string[] = [];
    for (const k of keys) {
      const v = this.v.get(k)!;
      if (v.k !== 'scalar') parts.push(`${k}=${valKey(v)}`);
    }
    this.psig = `${this.uncertain ? 'U' : ''}|${parts.join(';')}|${[...this.sc.keys()].sort().join(',')}|${rangesKey(this.rg)}`;
    return this.psig;
  }
}

function rangesKey(r: Map<string, number>): string {
  return [...r].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(',');
}

/** The state covering both paths. */
export function joinStates(x: State, y: State): State {
  const a = x.view();
  const b = y.view();
  const vars = new Map<string, Val>();
  for (const [k, v] of a.vars) {
    const w = b.vars.get(k);
    if (w === undefined) continue;
    const j = joinVal(v, w);
    if (j !== TOP) vars.set(k, j);
  }
  const stale = new Map(a.staleChecks);
  for (const [k, v] of b.staleChecks) stale.set(k, v);
  const reported = new Set([...x.reported].filter((r) => y.reported.has(r)));
  const ranges = new Map<string, number>();
  for (const [k, v] of a.ranges) {
    const w = b.ranges.get(k);
    if (w !== undefined) ranges.set(k, Math.min(v, w));
  }
  return new State(vars, stale, x.uncertain || y.uncertain, reported, ranges);
}

/** Paths kept apart before those that differ only in numbers are merged. */
const SOFT_CAP = 8;

/**
 * Drops duplicate paths. When there are more than a few, paths whose pointers
 * agree are merged (their numbers joined); more than `cap`, everything is.
 */
export function compact(states: State[], cap: number): State[] {
  if (states.length <= 1) return states;
  const seen = new Map<string, State>();
  for (const s of states) {
    const sig = s.signature();
    if (!seen.has(sig)) seen.set(sig, s);
  }
  let out = [...seen.values()];
  if (out.length <= Math.min(cap, SOFT_CAP)) return out;
  const groups = new Map<string, State>();
  for (const s of out) {
    const sig = s.pointerSignature();
    const g = groups.get(sig);
    groups.set(sig, g ? joinStates(g, s) : s);
  }
  out = [...groups.values()];
  if (out.length <= cap) return out;
  return [out.reduce((x, y) => joinStates(x, y))];
}
