/**
 * Expressions that write or choose: assignments (plain and compound), ++/--,
 * the conditional operator and compound literals. Assignments to named
 * objects feed the per-line value recorder.
 */
import { Ptr, Region, type Value } from '../memory/region.ts';
import { isInt, isRecord, sizeOf, T, typeName, usualArith, type CType } from '../types/ctypes.ts';
import { fieldOf, namedChildren, type Ast } from './ast.ts';
import type { CE, FnCx } from './ce.ts';
import type { Compiler } from './compiler.ts';
import { binaryOp, compileExpr, condOf, decayed, NOFRAME } from './expr.ts';
import { compileInitializer } from './init.ts';
import { access, convertTo, memObject } from './lvalue.ts';
import type { Ev, Frame } from './machine.ts';
import { conversion, truthy } from './ops.ts';
import type { Scope } from './scope.ts';
import { fail } from './types-ast.ts';

function recorder(c: Compiler, ce: CE, at: readonly [number, number]): ((f: Frame, v: Value) => void) | undefined {
  const line = c.userLine(at[0]);
  if (line < 0 || !ce.name) return undefined;
  const name = ce.name;
  return (f, v) => {
    const rec = f.m.rec;
    if (rec !== null) rec(line, name, v);
  };
}

export function update(c: Compiler, n: Ast, sc: Scope, fx: FnCx | null): CE {
  const at = [n.start, n.end] as const;
  const opNode = n.children.find((x) => x.field === 'operator')!;
  const argNode = fieldOf(n, 'argument')!;
  const prefix = opNode.start < argNode.start;
  const inc = c.text(opNode) === '++';
  const target = compileExpr(c, argNode, sc, fx);
  const acc = access(target, n);
  let step: (v: Value) => Value;
  if (target.t.k === 'ptr') {
    const size = target.t.to.k === 'void' ? 1 : sizeOf(target.t.to);
    const d = inc ? size : -size;
    step = (v) => (v instanceof Ptr ? v.add(d) : typeof v === 'number' ? v + d : v);
  } else if (target.t.k === 'int') {
    const t = target.t;
    const ut = usualArith(t, T.int);
    const toU = conversion(t, ut);
    const back = conversion(ut, t);
    if (ut.size === 8) {
      const d = inc ? 1n : -1n;
      const w = ut.signed ? (x: bigint) => BigInt.asIntN(64, x) : (x: bigint) => BigInt.asUintN(64, x);
      step = (v) => {
        const x = toU ? toU(v) : v;
        if (x instanceof Ptr) return x.add(Number(d));
        const r = w(BigInt(x) + d);
        return back ? back(r) : r;
      };
    } else {
      const d = inc ? 1 : -1;
      const signed = ut.signed;
      step = (v) => {
        const x = toU ? toU(v) : v;
        if (x instanceof Ptr) return x.add(d);
        const r = signed ? (Number(x) + d) | 0 : (Number(x) + d) >>> 0;
        return back ? back(r) : r;
      };
    }
  } else fail(`cannot increment a value of type ${typeName(target.t)}`, n);
  const rec = recorder(c, target, at);
  const upd = acc.update;
  if (prefix) {
    return {
      t: target.t,
      ev: rec
        ? (f) => {
            const nv = upd(f, step)[1];
            rec(f, nv);
            return nv;
          }
        : (f) => upd(f, step)[1],
      at,
    };
  }
  return {
    t: target.t,
    ev: rec
      ? (f) => {
          const [old, nv] = upd(f, step);
          rec(f, nv);
          return old;
        }
      : (f) => upd(f, step)[0],
    at,
  };
}

export function assignment(c: Compiler, n: Ast, sc: Scope, fx: FnCx | null): CE {
  const at = [n.start, n.end] as const;
  const opText = c.text(n.children.find((x) => x.field === 'operator')!);
  const lhs = compileExpr(c, fieldOf(n, 'left')!, sc, fx);
  const rhs = compileExpr(c, fieldOf(n, 'right')!, sc, fx);
  const acc = access(lhs, n);
  const rec = recorder(c, lhs, at);
  if (opText === '=') {
    if (isRecord(lhs.t) || lhs.t.k === 'arr') {
      // struct assignment copies bytes
      const set = acc.set;
      const ev = rhs.ev;
      return { t: lhs.t, ev: (f) => {
        const v = ev(f);
        set(f, v);
        return v;
      }, at };
    }
    const v = convertTo(rhs, lhs.t);
    const set = acc.set;
    return {
      t: lhs.t,
      ev: rec
        ? (f) => {
            const x = v(f);
            set(f, x);
            rec(f, x);
            return x;
          }
        : (f) => {
            const x = v(f);
            set(f, x);
            return x;
          },
      at,
    };
  }
  const op = opText.slice(0, -1);
  // lhs op rhs, computed on the old value
  const oldHolder: { v: Value } = { v: 0 };
  const oldCE: CE = { t: lhs.t, ev: () => oldHolder.v, at };
  const result = binaryOp(c, n, op, oldCE, rhs);
  const back = convertTo(result, lhs.t);
  const upd = acc.update;
  return {
    t: lhs.t,
    ev: (f) => {
      const nv = upd(f, (old) => {
        oldHolder.v = old;
        return back(f);
      })[1];
      if (rec) rec(f, nv);
      return nv;
    },
    at,
  };
}

export function conditional(c: Compiler, n: Ast, sc: Scope, fx: FnCx | null): CE {
  const at = [n.start, n.end] as const;
  const condCE = compileExpr(c, fieldOf(n, 'condition')!, sc, fx);
  const consN = fieldOf(n, 'consequence');
  const a = consN ? compileExpr(c, consN, sc, fx) : condCE;
  const b = compileExpr(c, fieldOf(n, 'alternative')!, sc, fx);
  const at1 = decayed(a.t);
  const bt = decayed(b.t);
  let t: CType;
  if (at1.k === 'int' && bt.k === 'int') t = usualArith(at1, bt);
  else if (at1.k === 'ptr') t = bt.k === 'ptr' && at1.to.k === 'void' ? bt : at1;
  else if (bt.k === 'ptr') t = bt;
  else t = a.t;
  const cond = condOf(condCE);
  const ea = isRecord(t) ? a.ev : convertTo(a, t);
  const eb = isRecord(t) ? b.ev : convertTo(b, t);
  if (condCE.k !== undefined && !(condCE.k instanceof Ptr)) {
    const chosen = truthy(condCE.k) ? { ...a, ev: ea } : { ...b, ev: eb };
    return { t, ev: chosen.ev, k: chosen.k !== undefined ? (isInt(t) ? convertTo(chosen, t)(NOFRAME) : chosen.k) : undefined, at };
  }
  return { t, ev: (f) => (cond(f) ? ea(f) : eb(f)), at };
}

export function compoundLiteral(c: Compiler, n: Ast, t0: CType, init: Ast, sc: Scope, fx: FnCx | null): CE {
  const at = [n.start, n.end] as const;
  const t = t0.k === 'arr' && t0.len === undefined ? { ...t0, len: namedChildren(init).length } : t0;
  const size = sizeOf(t);
  const fill = compileInitializer(c, t, init, sc, fx);
  const make: Ev = (f) => {
    const r = new Region('temp', 'compound literal', size);
    const p = new Ptr(r, 0, 0);
    fill(f, p);
    return p;
  };
  if (isRecord(t) || t.k === 'arr') return { t, ev: make, lv: { k: 'mem', addr: make }, at };
  return memObject(t, make, at);
}

