/**
 * Conditions: a path splits into the paths where a condition holds and where
 * it does not, and each learns what the verifier learns there: packet bytes
 * proven by a comparison with data_end, a pointer found (not) NULL, a number's
 * bounds. A condition this analysis cannot decide but the verifier might
 * (a value that may be a load-time constant) marks both paths uncertain.
 */
import type { Node } from 'web-tree-sitter';
import { field } from './syn.ts';
import { GiveUp } from './analyzer.ts';
import { compare, narrow, negateOp, swapOp } from './arith.ts';
import { markNonNull, markNull, MAX_PACKET_OFF } from './checks.ts';
import { INT } from './ctypes.ts';
import { type Cx, ev, named, type R } from './expressions.ts';
import type { State } from './state.ts';
import { konst, nonNullPointer, type Pkt, type Scalar, unknownScalar, type Val } from './values.ts';

export interface Split {
  t: State[];
  f: State[];
}

const RELATIONAL = new Set(['<', '<=', '>', '>=', '==', '!=']);

/** An expression used as a value that is really a condition (`a && b`, `x < y`, `!p`, `c ? a : b`). */
export function condValue(cx: Cx, n: Node, st: State): R[] {
  if (n.type === 'conditional_expression') {
    const c = field(n, 'condition');
    const a = field(n, 'consequence');
    const b = field(n, 'alternative');
    if (!c || !b) throw new GiveUp('conditional');
    if (!a) {
      // GNU `c ?: b`
      return ev(cx, c, st).flatMap((r) => {
        const s = truth(cx, r);
        return [...s.t.map((x) => ({ st: x, v: r.v, t: r.t })), ...s.f.flatMap((x) => ev(cx, b, x))];
      });
    }
    const s = cond(cx, c, st);
    return [...s.t.flatMap((x) => ev(cx, a, x)), ...s.f.flatMap((x) => ev(cx, b, x))];
  }
  const s = cond(cx, n, st);
  return [...s.t.map((x) => ({ st: x, v: konst(1), t: INT })), ...s.f.map((x) => ({ st: x, v: konst(0), t: INT }))];
}

export function cond(cx: Cx, n: Node, st: State): Split {
  cx.a.step();
  switch (n.type) {
    case 'parenthesized_expression': {
      const inner = named(n)[0];
      if (!inner || inner.type === 'compound_statement') throw new GiveUp('statement expression');
      return cond(cx, inner, st);
    }
    case 'unary_expression': {
      const op = field(n, 'operator')?.text;
      const arg = field(n, 'argument');
      if (op === '!' && arg) {
        const s = cond(cx, arg, st);
        return { t: s.f, f: s.t };
      }
      break;
    }
    case 'binary_expression': {
      const op = field(n, 'operator')?.text ?? '';
      const left = field(n, 'left');
      const right = field(n, 'right');
      if (!left || !right) throw new GiveUp('binary');
      if (op === '&&') {
        const a = cond(cx, left, st);
        const t: State[] = [];
        const f: State[] = [...a.f];
        for (const s of a.t) {
          const b = cond(cx, right, s);
          t.push(...b.t);
          f.push(...b.f);
        }
        return { t, f };
      }
      if (op === '||') {
        const a = cond(cx, left, st);
        const t: State[] = [...a.t];
        const f: State[] = [];
        for (const s of a.f) {
          const b = cond(cx, right, s);
          t.push(...b.t);
          f.push(...b.f);
        }
        return { t, f };
      }
      if (RELATIONAL.has(op)) {
        const out: Split = { t: [], f: [] };
        for (const l of ev(cx, left, st)) {
          for (const r of ev(cx, right, l.st)) {
            const s = relational(cx, op, l, r);
            out.t.push(...s.t);
            out.f.push(...s.f);
          }
        }
        return out;
      }
      break;
    }
    case 'call_expression': {
      const fn = field(n, 'function');
      const args = field(n, 'arguments');
      if (fn?.type === 'identifier' && /^(__builtin_expect|likely|unlikely)$/.test(fn.text) && args) {
        const first = named(args)[0];
        if (first) return cond(cx, first, st);
      }
      break;
    }
    case 'comma_expression': {
      const left = field(n, 'left');
      const right = field(n, 'right');
      if (!left || !right) throw new GiveUp('comma');
      const out: Split = { t: [], f: [] };
      for (const r of ev(cx, left, st)) {
        const s = cond(cx, right, r.st);
        out.t.push(...s.t);
        out.f.push(...s.f);
      }
      return out;
    }
  }
  const out: Split = { t: [], f: [] };
  for (const r of ev(cx, n, st)) {
    const s = truth(cx, r);
    out.t.push(...s.t);
    out.f.push(...s.f);
  }
  return out;
}

function both(st: State, uncertain: boolean): Split {
  const t = st.clone();
  const f = st;
  if (uncertain) {
    t.uncertain = true;
    f.uncertain = true;
  }
  return { t: [t], f: [f] };
}

/** Splits on whether a value is non-zero. */
export function truth(_cx: Cx, r: R): Split {
  const v = r.v;
  const st = r.st;
  switch (v.k) {
    case 'scalar': {
      if (v.lo > 0 || v.hi < 0 || v.ne?.includes(0)) return { t: [st], f: [] };
      if (v.lo === 0 && v.hi === 0) return { t: [], f: [st] };
      const s = both(st, v.prov === 'unk');
      if ((r.key || v.sid !== undefined) && v.prov !== 'unk') {
        const nt = narrow('!=', v, 0);
        const nf = narrow('==', v, 0);
        if (nt && r.key) s.t[0].vars.set(r.key, nt);
        if (nf && r.key) s.f[0].vars.set(r.key, nf);
        if (nt && v.sid !== undefined) s.t[0].facts.set(v.sid, nt);
        if (nf && v.sid !== undefined) s.f[0].facts.set(v.sid, nf);
      }
      return s;
    }
    case 'nullable': {
      const t = st.clone();
      markNonNull(t, v);
      markNull(st, v);
      return { t: [t], f: [st] };
    }
    case 'stale':
      return both(st, false);
    case 'top': {
      if (r.t.k === 'ptr') st.mapValues((x) => (x.k === 'nullable' ? { k: 'obj', target: x.target } : undefined));
      return both(st, true);
    }
    default:
      return nonNullPointer(v) ? { t: [st], f: [] } : both(st, true);
  }
}

function isInitData(v: Val): v is Pkt {
  return v.k === 'pkt' && v.base === 'data' && v.off === 0 && v.varMax === 0;
}

/** `l op r` on one path. */
function relational(cx: Cx, op: string, l: R, r: R): Split {
  const st = r.st;
  const lv = l.v;
  const rv = r.v;
  // Packet pointer against data_end (or a meta pointer against data).
  const pk = packetComparison(op, lv, rv);
  if (pk) return pk.apply(st);
  if ((lv.k === 'pkt' && rv.k === 'stale' && rv.was === 'end') || (rv.k === 'pkt' && lv.k === 'stale' && lv.was === 'end')) {
    const p = (lv.k === 'pkt' ? lv : rv) as Pkt;
    const inv = lv.k === 'stale' ? lv.inv : rv.k === 'stale' ? rv.inv : undefined;
    const s = both(st, false);
    if (inv) for (const x of [...s.t, ...s.f]) x.staleChecks.set(`${p.base}:${p.id}`, inv);
    return s;
  }
  if ((lv.k === 'top' && (rv.k === 'pkt' || rv.k === 'pkt_end')) || (rv.k === 'top' && (lv.k === 'pkt' || lv.k === 'pkt_end'))) {
    // Something this analysis lost track of compared with the packet: what it proves is unknown.
    st.poisonRanges();
    return both(st, false);
  }
  // NULL tests.
  const nullTest = (p: Val, other: Val): Split | undefined => {
    if (p.k !== 'nullable' || (op !== '==' && op !== '!=')) return undefined;
    if (!(other.k === 'scalar' && other.lo === 0 && other.hi === 0)) return both(st, false);
    const t = st.clone();
    if (op === '==') {
      markNull(t, p);
      markNonNull(st, p);
      return { t: [t], f: [st] };
    }
    markNonNull(t, p);
    markNull(st, p);
    return { t: [t], f: [st] };
  };
  const nt = nullTest(lv, rv) ?? nullTest(rv, lv);
  if (nt) return nt;
  const isZero = (v: Val) => v.k === 'scalar' && v.lo === 0 && v.hi === 0;
  if ((op === '==' || op === '!=') && ((nonNullPointer(lv) && isZero(rv)) || (nonNullPointer(rv) && isZero(lv)))) {
    return op === '==' ? { t: [], f: [st] } : { t: [st], f: [] };
  }
  if (lv.k === 'top' && l.t.k === 'ptr' && isZero(rv)) return truthSplit(cx, l, op === '!=');
  if (rv.k === 'top' && r.t.k === 'ptr' && isZero(lv)) return truthSplit(cx, r, op === '!=');
  if (lv.k !== 'scalar' && lv.k !== 'top') return both(st, false);
  if (rv.k !== 'scalar' && rv.k !== 'top') return both(st, false);
  const a: Scalar = lv.k === 'scalar' ? lv : unknownScalar('unk');
  const b: Scalar = rv.k === 'scalar' ? rv : unknownScalar('unk');
  const unsignedCmp = isUnsignedCompare(l, r);
  if (unsignedCmp && (a.lo < 0 || b.lo < 0)) return both(st, a.prov !== 'rt' && b.prov !== 'rt');
  const decided = compare(op, a, b);
  if (decided === true) return { t: [st], f: [] };
  if (decided === false) return { t: [], f: [st] };
  const uncertain = a.prov !== 'rt' && b.prov !== 'rt' && (a.prov === 'unk' || b.prov === 'unk');
  const t = st.clone();
  const f = st;
  if (uncertain) {
    t.uncertain = true;
    f.uncertain = true;
  }
  let tOk = true;
  let fOk = true;
  const refine = (key: string | undefined, x: Scalar, o: string, c: Scalar): void => {
    if ((!key && x.sid === undefined) || !(c.lo === c.hi && Number.isFinite(c.lo))) return;
    const yes = narrow(o, x, c.lo);
    const no = narrow(negateOp(o), x, c.lo);
    if (yes) {
      if (key) t.vars.set(key, yes);
      if (x.sid !== undefined) t.facts.set(x.sid, yes);
    } else tOk = false;
    if (no) {
      if (key) f.vars.set(key, no);
      if (x.sid !== undefined) f.facts.set(x.sid, no);
    } else fOk = false;
  };
  if (!uncertain) {
    refine(l.key, a, op, b);
    refine(r.key, b, swapOp(op), a);
  }
  return { t: tOk ? [t] : [], f: fOk ? [f] : [] };
}

function truthSplit(cx: Cx, r: R, nonZeroIsTrue: boolean): Split {
  const s = truth(cx, r);
  return nonZeroIsTrue ? s : { t: s.f, f: s.t };
}

function isUnsignedCompare(l: R, r: R): boolean {
  const size = (t: R['t']) => (t.k === 'int' ? t.size : 8);
  const s = Math.max(4, size(l.t), size(r.t));
  const uns = (t: R['t']) => t.k === 'int' && !t.signed && t.size >= s;
  return uns(l.t) || uns(r.t);
}

/**
 * The verifier's find_good_pkt_pointers: `P op E` with P a packet pointer and E
 * data_end (or P a meta pointer and E the start of data) proves P.off bytes
 * (one more when the comparison is strict) in the branch where P is not past E.
 */
function packetComparison(op: string, l: Val, r: Val): { apply(st: State): Split } | undefined {
  let p: Pkt | undefined;
  let o = op;
  if (l.k === 'pkt' && l.base === 'data' && r.k === 'pkt_end') p = l;
  else if (r.k === 'pkt' && r.base === 'data' && l.k === 'pkt_end') {
    p = r;
    o = swapOp(op);
  } else if (l.k === 'pkt' && l.base === 'meta' && isInitData(r)) p = l;
  else if (r.k === 'pkt' && r.base === 'meta' && isInitData(l)) {
    p = r;
    o = swapOp(op);
  }
  if (!p) return undefined;
  const P = p;
  // Where P <= E (closed) or P < E (open) holds.
  let where: 't' | 'f' | undefined;
  let open = false;
  switch (o) {
    case '>':
      where = 'f';
      break;
    case '>=':
      where = 'f';
      open = true;
      break;
    case '<':
      where = 't';
      open = true;
      break;
    case '<=':
      where = 't';
      break;
    default:
      where = undefined;
  }
  return {
    apply(st: State): Split {
      const t = st.clone();
      const f = st;
      if (where && !(P.off < 0 || (P.off === 0 && open)) && !(P.varMax > MAX_PACKET_OFF || P.varMax + P.off > MAX_PACKET_OFF)) {
        const range = P.off + (open ? 1 : 0);
        (where === 't' ? t : f).extendRange(P.base, P.id, range);
      }
      return { t: [t], f: [f] };
    },
  };
}
