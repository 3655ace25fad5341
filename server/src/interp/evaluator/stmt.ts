/**
 * Statements and local declarations. A statement closure returns a
 * completion code (normal, break, continue, return, goto); blocks resume at
 * a label for gotos that target them. Every statement and loop test costs a
 * step of the budget.
 */
import { Ptr, Region, type Value } from '../memory/region.ts';
import { alignUp, isRecord, sizeOf, T, type CType } from '../types/ctypes.ts';
import { fieldOf, namedChildren, type Ast } from './ast.ts';
import type { CE, FnCx } from './ce.ts';
import type { Compiler } from './compiler.ts';
import { compileExpr, condOf } from './expr.ts';
import { Fault } from './fault.ts';
import { compileInitializer, inferredLength } from './init.ts';
import { convertTo } from './lvalue.ts';
import { BREAK, CONTINUE, GOTO, NORMAL, RETURN, type Exec, type Frame } from './machine.ts';
import { conversion } from './ops.ts';
import { Scope } from './scope.ts';
import { declarator, declSpec, fail } from './types-ast.ts';

function stepFault(f: Frame, at: readonly [number, number]): never {
  throw new Fault(`step limit reached: more than ${f.m.stepLimit} steps (the verifier would reject a program this long-running; is a loop unbounded?)`, 'step-limit', at[0], at[1]);
}

function stmts(n: Ast): Ast[] {
  return namedChildren(n).filter((x) => x.type !== 'comment');
}

/** A new stack object of the given size (its bytes start uninitialised). */
export function newStackRegion(name: string, size: number): Region {
  const r = new Region('stack', name, size);
  r.init = new Uint8Array(size);
  return r;
}

export function compileStmt(c: Compiler, n: Ast, sc: Scope, fx: FnCx): Exec {
  const at = [n.start, n.end] as const;
  switch (n.type) {
    case 'compound_statement':
      return block(c, n, new Scope(sc), fx);
    case 'expression_statement': {
      const e = namedChildren(n)[0];
      if (!e) return () => NORMAL;
      const ev = compileExpr(c, e, sc, fx).ev;
      return (f) => {
        if (++f.m.steps > f.m.stepLimit) stepFault(f, at);
        ev(f);
        return NORMAL;
      };
    }
    case 'declaration':
      return localDeclaration(c, n, sc, fx);
    case 'type_definition':
      typedef(c, n, sc);
      return () => NORMAL;
    case 'struct_specifier':
    case 'union_specifier':
    case 'enum_specifier':
      return () => NORMAL;
    case 'if_statement': {
      const cond = condOf(compileExpr(c, condNode(n), sc, fx));
      const then = compileStmt(c, fieldOf(n, 'consequence')!, sc, fx);
      const elseClause = fieldOf(n, 'alternative');
      const els = elseClause ? compileStmt(c, elseClause.type === 'else_clause' ? stmts(elseClause)[0] : elseClause, sc, fx) : undefined;
      return (f) => {
        if (++f.m.steps > f.m.stepLimit) stepFault(f, at);
        if (cond(f)) return then(f);
        return els ? els(f) : NORMAL;
      };
    }
    case 'while_statement': {
      const cond = condOf(compileExpr(c, condNode(n), sc, fx));
      const body = compileStmt(c, fieldOf(n, 'body')!, sc, fx);
      return (f) => {
        for (;;) {
          if (++f.m.steps > f.m.stepLimit) stepFault(f, at);
          if (!cond(f)) return NORMAL;
          const r = body(f);
          if (r === BREAK) return NORMAL;
          if (r !== NORMAL && r !== CONTINUE) return r;
        }
      };
    }
    case 'do_statement': {
      const cond = condOf(compileExpr(c, condNode(n), sc, fx));
      const body = compileStmt(c, fieldOf(n, 'body')!, sc, fx);
      return (f) => {
        for (;;) {
          if (++f.m.steps > f.m.stepLimit) stepFault(f, at);
          const r = body(f);
          if (r === BREAK) return NORMAL;
          if (r !== NORMAL && r !== CONTINUE) return r;
          if (!cond(f)) return NORMAL;
        }
      };
    }
    case 'for_statement':
      return forStatement(c, n, sc, fx);
    case 'switch_statement':
      return switchStatement(c, n, sc, fx);
    case 'break_statement':
      return () => BREAK;
    case 'continue_statement':
      return () => CONTINUE;
    case 'return_statement': {
      const e = namedChildren(n)[0];
      if (!e) return (f) => {
        if (++f.m.steps > f.m.stepLimit) stepFault(f, at);
        return RETURN;
      };
      const ce = compileExpr(c, e.type === 'comma_expression' ? e : e, sc, fx);
      const ret = fx.ret;
      if (isRecord(ret)) {
        const size = sizeOf(ret);
        const ev = ce.ev;
        return (f) => {
          if (++f.m.steps > f.m.stepLimit) stepFault(f, at);
          const src = ev(f);
          const r = new Region('temp', 'returned struct', size);
          const p = new Ptr(r, 0, 0);
          if (src instanceof Ptr) r.bytes.set(src.r.bytes.subarray(src.off, src.off + size));
          f.ret = p;
          return RETURN;
        };
      }
      const ev = ret.k === 'void' ? ce.ev : convertTo(ce, ret);
      return (f) => {
        if (++f.m.steps > f.m.stepLimit) stepFault(f, at);
        f.ret = ev(f);
        return RETURN;
      };
    }
    case 'goto_statement': {
      const label = c.text(fieldOf(n, 'label')!);
      return (f) => {
        if (++f.m.steps > f.m.stepLimit) stepFault(f, at);
        f.label = label;
        return GOTO;
      };
    }
    case 'labeled_statement': {
      const inner = stmts(n).find((x) => x.type !== 'statement_identifier');
      return inner ? compileStmt(c, inner, sc, fx) : () => NORMAL;
    }
    case 'case_statement':
      fail('case label outside a switch', n);
      break;
    case 'attributed_statement': {
      const inner = stmts(n).find((x) => x.type !== 'attribute_declaration');
      return inner ? compileStmt(c, inner, sc, fx) : () => NORMAL;
    }
    case 'function_definition':
      fail('nested functions are not supported', n);
      break;
    case 'ERROR':
      fail(`syntax error near "${c.text(n).slice(0, 40)}"`, n);
  }
  fail(`unsupported statement (${n.type})`, n);
}

function condNode(n: Ast): Ast {
  const cnd = fieldOf(n, 'condition')!;
  if (cnd.type === 'parenthesized_expression') {
    const inner = namedChildren(cnd)[0];
    if (inner && inner.type !== 'compound_statement') return inner;
  }
  return cnd;
}

/** Labels declared directly in a block (possibly nested in labeled statements). */
function labelsOf(c: Compiler, s: Ast): string[] {
  const out: string[] = [];
  let cur: Ast | undefined = s;
  while (cur && cur.type === 'labeled_statement') {
    out.push(c.text(fieldOf(cur, 'label')!));
    cur = stmts(cur).find((x) => x.type !== 'statement_identifier');
  }
  return out;
}

function block(c: Compiler, n: Ast, sc: Scope, fx: FnCx): Exec {
  const list = stmts(n);
  const execs: Exec[] = [];
  const labels = new Map<string, number>();
  for (const s of list) {
    for (const l of labelsOf(c, s)) labels.set(l, execs.length);
    execs.push(compileStmt(c, s, sc, fx));
  }
  const count = execs.length;
  if (count === 1 && labels.size === 0) return execs[0];
  return (f) => {
    for (let i = 0; i < count; i++) {
      const r = execs[i](f);
      if (r !== NORMAL) {
        if (r === GOTO) {
          const target = labels.get(f.label);
          if (target !== undefined) {
            i = target - 1;
            continue;
          }
        }
        return r;
      }
    }
    return NORMAL;
  };
}

function forStatement(c: Compiler, n: Ast, outer: Scope, fx: FnCx): Exec {
  const at = [n.start, n.end] as const;
  const sc = new Scope(outer);
  const initNode = fieldOf(n, 'initializer');
  let init: Exec | undefined;
  if (initNode) {
    if (initNode.type === 'declaration') init = localDeclaration(c, initNode, sc, fx);
    else {
      const ev = compileExpr(c, initNode, sc, fx).ev;
      init = (f) => (ev(f), NORMAL);
    }
  }
  const condN = fieldOf(n, 'condition');
  const cond = condN ? condOf(compileExpr(c, condN, sc, fx)) : () => true;
  const updN = fieldOf(n, 'update');
  const upd = updN ? compileExpr(c, updN, sc, fx).ev : undefined;
  const body = compileStmt(c, fieldOf(n, 'body')!, sc, fx);
  return (f) => {
    if (init) init(f);
    for (;;) {
      if (++f.m.steps > f.m.stepLimit) stepFault(f, at);
      if (!cond(f)) return NORMAL;
      const r = body(f);
      if (r === BREAK) return NORMAL;
      if (r !== NORMAL && r !== CONTINUE) return r;
      if (upd) upd(f);
    }
  };
}

function switchStatement(c: Compiler, n: Ast, sc0: Scope, fx: FnCx): Exec {
  const at = [n.start, n.end] as const;
  const condCE = compileExpr(c, condNode(n), sc0, fx);
  const ct = condCE.t.k === 'int' ? (condCE.t.size < 4 ? T.int : condCE.t) : T.long;
  const cond = convertTo(condCE, ct);
  const body = fieldOf(n, 'body')!;
  const sc = new Scope(sc0);
  const execs: Exec[] = [];
  const cases = new Map<string, number>();
  let dflt = -1;
  const labels = new Map<string, number>();
  const conv = conversion(T.long, ct);
  for (const item of stmts(body)) {
    if (item.type === 'case_statement') {
      const v = fieldOf(item, 'value');
      if (v) {
        const k = compileExpr(c, v, sc, fx).k;
        if (k === undefined || k instanceof Ptr) fail('case label is not a constant', v);
        const key = String(conv ? conv(BigInt(k)) : BigInt(k));
        cases.set(key, execs.length);
      } else dflt = execs.length;
      for (const s of stmts(item)) {
        if (s === v) continue;
        for (const l of labelsOf(c, s)) labels.set(l, execs.length);
        execs.push(compileStmt(c, s, sc, fx));
      }
    } else {
      for (const l of labelsOf(c, item)) labels.set(l, execs.length);
      execs.push(compileStmt(c, item, sc, fx));
    }
  }
  const count = execs.length;
  return (f) => {
    if (++f.m.steps > f.m.stepLimit) stepFault(f, at);
    const v = cond(f);
    let start = cases.get(String(v));
    if (start === undefined) start = dflt;
    if (start < 0) return NORMAL;
    for (let i = start; i < count; i++) {
      const r = execs[i](f);
      if (r === NORMAL) continue;
      if (r === BREAK) return NORMAL;
      if (r === GOTO) {
        const target = labels.get(f.label);
        if (target !== undefined) {
          i = target - 1;
          continue;
        }
      }
      return r;
    }
    return NORMAL;
  };
}

function typedef(c: Compiler, n: Ast, sc: Scope): void {
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

function localDeclaration(c: Compiler, n: Ast, sc: Scope, fx: FnCx): Exec {
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
      execs.push((f) => {
        const r0 = newStackRegion(name, size);
        f.s[slot] = r0;
        if (fill) fill(f, new Ptr(r0, 0, 0));
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

/** A GNU statement expression `({ ...; value; })`. */
export function compileBlockValue(c: Compiler, n: Ast, sc0: Scope, fx: FnCx | null, at: readonly [number, number]): CE {
  if (!fx) fail('statement expression outside a function', n);
  const sc = new Scope(sc0);
  const list = stmts(n);
  const last = list[list.length - 1];
  const execs = (last?.type === 'expression_statement' ? list.slice(0, -1) : list).map((s) => compileStmt(c, s, sc, fx));
  const valueNode = last?.type === 'expression_statement' ? namedChildren(last)[0] : undefined;
  const value = valueNode ? compileExpr(c, valueNode, sc, fx) : undefined;
  const ev = value?.ev;
  return {
    t: value?.t ?? T.void,
    ev: (f) => {
      for (const e of execs) {
        const r = e(f);
        if (r !== NORMAL) throw new Fault('break/continue/return/goto out of a statement expression is not supported', 'unsupported', at[0], at[1]);
      }
      return ev ? ev(f) : 0;
    },
    at,
  };
}
