/**
 * One abstract path state: the value of every tracked variable (and field
 * path inside a local struct) on one path through the function, like one
 * verifier state. Paths are kept apart (the verifier explores them one by
 * one); only when there are too many are similar ones merged.
 */
import { type Invalidation, joinVal, type Pkt, TOP, type Val, valKey } from './values.ts';

export class State {
  vars: Map<string, Val>;
  /** Packet pointer ids that were compared against a stale data_end (base:id -> the call). */
  staleChecks: Map<string, Invalidation>;
  /** The path depends on a value this analysis cannot know: errors on it are not reported. */
  uncertain: boolean;
  /** Invalidations already reported on this path. */
  reported: Set<string>;

  constructor(vars?: Map<string, Val>, staleChecks?: Map<string, Invalidation>, uncertain = false, reported?: Set<string>) {
    this.vars = vars ?? new Map();
    this.staleChecks = staleChecks ?? new Map();
    this.uncertain = uncertain;
    this.reported = reported ?? new Set();
  }

  clone(): State {
    return new State(new Map(this.vars), new Map(this.staleChecks), this.uncertain, new Set(this.reported));
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
    const keys = [...this.vars.keys()].sort();
    return `${this.uncertain ? 'U' : ''}|${keys.map((k) => `${k}=${valKey(this.vars.get(k)!)}`).join(';')}|${[...this.staleChecks.keys()].sort().join(',')}`;
  }

  /** What matters for the checks: pointers, not plain numbers. */
  pointerSignature(): string {
    const keys = [...this.vars.keys()].sort();
    const parts: string[] = [];
    for (const k of keys) {
      const v = this.vars.get(k)!;
      if (v.k !== 'scalar') parts.push(`${k}=${valKey(v)}`);
    }
    return `${this.uncertain ? 'U' : ''}|${parts.join(';')}|${[...this.staleChecks.keys()].sort().join(',')}`;
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

/** Drops duplicate paths; merges similar ones when there are more than `cap`. */
export function compact(states: State[], cap: number): State[] {
  if (states.length <= 1) return states;
  const seen = new Map<string, State>();
  for (const s of states) {
    const sig = s.signature();
    if (!seen.has(sig)) seen.set(sig, s);
  }
  let out = [...seen.values()];
  if (out.length <= cap) return out;
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
