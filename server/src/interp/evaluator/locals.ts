/**
 * Declarations inside functions: typedefs, locals (a frame slot for scalars,
 * a stack region for aggregates and address-taken scalars, with their stack
 * accounting), static locals, and clang's constant pools for constant
 * aggregate initialisers.
 */
import { Ptr, Region, type Value } from '../memory/region.ts';
import { alignUp, isRecord, sizeOf, T, type CType } from '../types/ctypes.ts';
import { fieldOf, namedChildren, type Ast } from './ast.ts';
import type { CE, FnCx } from './ce.ts';
import type { Compiler } from './compiler.ts';
import { compileExpr } from './expr.ts';
import { compileInitializer, inferredLength } from './init.ts';
import { convertTo } from './lvalue.ts';
import { NORMAL, type Exec, type Frame } from './machine.ts';
import { loader } from './memops.ts';
import type { Scope } from './scope.ts';
import { newStackRegion, stepFault } from './stmt.ts';
import { declarator, declSpec } from './types-ast.ts';

export function typedef(c: Compiler, n: Ast, sc: Scope): void {
  const spec = declSpec(c, n, sc);
  for (const d of namedChildren(n).filter((x) => x.field === 'declarator')) {
    const r = declarator(c, d, spec.type, sc);
    if (r.name) sc.names.set(r.name, { k: 'typedef', name: r.name, type: r.type });
  }
}

/** Allocates a local: a slot for scalars, a stack region for aggregates and address-taken scalars. */
export function declareLocal(c: Compiler, fx: FnCx, sc: Scope, name: string, t: CType): { slot: number; mem: boolean } {
  const slot = fx.nslots++;
  const mem = t.k === 'arr' || isRecord(t) || fx.addrTaken.has(name);
  if (mem) fx.frameBytes += alignUp(Math.max(1, sizeOf(t)), 8);
  sc.names.set(name, { k: 'local', name, type: t, slot, mem });
  void c;
  return { slot, mem };
}

export function localDeclaration(c: Compiler, n: Ast, sc: Scope, fx: FnCx): Exec {
  const spec = declSpec(c, n, sc);
  if (spec.storage.has('static') || spec.storage.has('extern')) {
    c.declareGlobal(n, sc, true);
    return () => NORMAL;
  }
  const execs: Exec[] = [];
  for (const d of n.children.filter((x) => x.field === 'declarator')) {
    const valueNode = d.type === 'init_declarator' ? fieldOf(d, 'value') : undefined;
    const r = declarator(c, d, spec.type, sc);
    if (!r.name) continue;
    let t = r.type;
    if (t.k === 'fn') {
      sc.names.set(r.name, { k: 'func', name: r.name, type: t, impl: () => c.compileFunction(c.functions.get(r.name!)!) });
      continue;
    }
    if (t.k === 'arr' && t.len === undefined && valueNode) t = { ...t, len: inferredLength(c, t, valueNode, sc) };
    const name = r.name;
    const { slot, mem } = declareLocal(c, fx, sc, name, t);
    const at = [d.start, d.end] as const;
    const line = c.userLine(d.start);
    if (mem) {
      const size = Math.max(1, sizeOf(t));
      const fill = valueNode ? compileInitializer(c, t, valueNode, sc, fx) : undefined;
      if (fill?.constant) poolConstant(c, t, fill);
      const scalar = (t.k === 'int' || t.k === 'ptr') && line >= 0 && fill ? loader(t) : undefined;
      execs.push((f) => {
        const r0 = newStackRegion(name, size);
        f.s[slot] = r0;
        if (fill) {
          const p = new Ptr(r0, 0, 0);
          fill(f, p);
          if (scalar && f.m.rec !== null) f.m.rec(line, name, scalar(p));
        }
        return NORMAL;
      });
      continue;
    }
    if (!valueNode) {
      execs.push((f) => {
        f.s[slot] = undefined;
        return NORMAL;
      });
      continue;
    }
    const init = valueNode.type === 'initializer_list' ? namedChildren(valueNode)[0] : valueNode;
    const ce: CE = init ? compileExpr(c, init, sc, fx) : { t: T.int, ev: () => 0, k: 0, at };
    const ev = convertTo(ce, t);
    execs.push(
      line >= 0
        ? (f) => {
            const v: Value = ev(f);
            f.s[slot] = v;
            const rec = f.m.rec;
            if (rec !== null) rec(line, name, v);
            return NORMAL;
          }
        : (f) => {
            f.s[slot] = ev(f);
            return NORMAL;
          },
    );
  }
  const at = [n.start, n.end] as const;
  if (execs.length === 1) {
    const e = execs[0];
    return (f) => {
      if (++f.m.steps > f.m.stepLimit) stepFault(f, at);
      return e(f);
    };
  }
  return (f) => {
    if (++f.m.steps > f.m.stepLimit) stepFault(f, at);
    for (const e of execs) e(f);
    return NORMAL;
  };
}

function hasUnion(t: CType, depth = 0): boolean {
  if (depth > 8) return false;
  if (t.k === 'union') return true;
  if (t.k === 'struct') return t.fields.some((f) => hasUnion(f.type, depth + 1));
  if (t.k === 'arr') return hasUnion(t.of, depth + 1);
  return false;
}

/**
 * clang initialises a local aggregate from a constant by copying it from a
 * private global when it cannot split the constant into stores, which happens
 * when the constant's type differs from the variable's (initialised unions).
 * Those constants land in .rodata.cst<N> (N = 4, 8, 16, 32) or .rodata, and
 * libbpf turns them into maps. Approximation: constant, not all one byte, and
 * the type contains a union.
 */
function poolConstant(c: Compiler, t: CType, fill: (f: Frame, p: Ptr) => void): void {
  if (!hasUnion(t)) return;
  const size = sizeOf(t);
  const r = new Region('temp', 'constant', size);
  try {
    fill(null as unknown as Frame, new Ptr(r, 0, 0));
  } catch {
    return;
  }
  const b = r.bytes;
  if (b.every((x) => x === b[0])) return;
  const section = [4, 8, 16, 32].includes(size) ? `.rodata.cst${size}` : '.rodata';
  c.constPool.push({ section, bytes: b.slice() });
}
