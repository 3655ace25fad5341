/**
 * One abstract path state: the value of every tracked variable (and field
 * path inside a local struct) on one path through the function, like one
 * verifier state. Paths are kept apart (the verifier explores them one by
 * one); only when there are too many are similar ones merged.
 */
import { type Invalidation, joinVal, type Pkt, TOP, type Val, valKey } from './values.ts';

/** A Map that tells its owner when it changes (so cached signatures stay right). */
class WatchedMap<K, V> extends Map<K, V> {
  onChange?: () => void;
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

export class State {
  readonly vars: Map<string, Val>;
  /** Packet pointer ids that were compared against a stale data_end (base:id -> the call). */
  readonly staleChecks: Map<string, Invalidation>;
  private uncertainFlag: boolean;
  /** Invalidations already reported on this path. */
  reported: Set<string>;
  private sig?: string;
  private psig?: string;

  constructor(vars?: Map<string, Val>, staleChecks?: Map<string, Invalidation>, uncertain = false, reported?: Set<string>) {
    const v = new WatchedMap<string, Val>(vars ?? []);
    const sc = new WatchedMap<string, Invalidation>(staleChecks ?? []);
    v.onChange = sc.onChange = () => {
      this.sig = this.psig = undefined;
    };
    this.vars = v;
    this.staleChecks = sc;
    this.uncertainFlag = uncertain;
    this.reported = reported ?? new Set();
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
    const c = new State(this.vars, this.staleChecks, this.uncertain, new Set(this.reported));
    c.sig = this.sig;
    c.psig = this.psig;
    return c;
  }

  get(key: string): Val | undefined {
    return this.vars.get(key);
  }

  /** Writes a variable (or field path) and forgets what was known about its sub-paths. */
  set(key: string, v: Val): void {
    this.forgetBelow(key);
    this.vars.set(key, v);
  }

  forgetBelow(key: string): void {
    const prefix = `${key}.`;
    const bracket = `${key}[`;
    for (const k of [...this.vars.keys()]) if (k.startsWith(prefix) || k.startsWith(bracket)) this.vars.delete(k);
  }

  /** Forgets a variable and everything inside it (a helper wrote to it). */
  havoc(key: string): void {
    this.forgetBelow(key);
    this.vars.delete(key);
  }

  /** Replaces every value `f` maps to something else. */
  mapValues(f: (v: Val) => Val | undefined): void {
    for (const [k, v] of this.vars) {
      const nv = f(v);
      if (nv && nv !== v) this.vars.set(k, nv);
    }
  }

  /** Gives every packet pointer with this base and id at least `range` proven bytes. */
  extendRange(base: Pkt['base'], id: number, range: number): void {
    this.mapValues((v) => (v.k === 'pkt' && v.base === base && v.id === id && v.range < range ? { ...v, range } : undefined));
  }

  signature(): string {
    if (this.sig !== undefined) return this.sig;
    const keys = [...this.vars.keys()].sort();
    this.sig = `${this.uncertain ? 'U' : ''}|${keys.map((k) => `${k}=${valKey(this.vars.get(k)!)}`).join(';')}|${[...this.staleChecks.keys()].sort().join(',')}`;
    return this.sig;
  }

  /** What matters for the checks: pointers, not plain numbers. */
  pointerSignature(): string {
    if (this.psig !== undefined) return this.psig;
    const keys = [...this.vars.keys()].sort();
    const parts: string[] = [];
    for (const k of keys) {
      const v = this.vars.get(k)!;
      if (v.k !== 'scalar') parts.push(`${k}=${valKey(v)}`);
    }
    this.psig = `${this.uncertain ? 'U' : ''}|${parts.join(';')}|${[...this.staleChecks.keys()].sort().join(',')}`;
    return this.psig;
  }
}

/** The state covering both paths. */
export function joinStates(a: State, b: State): State {
  const vars = new Map<string, Val>();
  for (const [k, v] of a.vars) {
    const w = b.vars.get(k);
    if (w === undefined) continue;
    const j = joinVal(v, w);
    if (j !== TOP) vars.set(k, j);
  }
  const stale = new Map(a.staleChecks);
  for (const [k, v] of b.staleChecks) stale.set(k, v);
  const reported = new Set([...a.reported].filter((x) => b.reported.has(x)));
  return new State(vars, stale, a.uncertain || b.uncertain, reported);
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
