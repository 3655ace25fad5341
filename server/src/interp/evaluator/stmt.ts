/**
 * Statements and local declarations. A statement closure returns a
 * completion code (normal, break, continue, return, goto); blocks resume at
 * a label for gotos that target them. Every statement and loop test costs a
 * step of the budget.
 */
import { Ptr, Region } from '../memory/region.ts';
import { isRecord, sizeOf, T } from '../types/ctypes.ts';
import { fieldOf, namedChildren, type Ast } from './ast.ts';
import type { CE, FnCx } from './ce.ts';
import type { Compiler } from './compiler.ts';
import { compileExpr, condOf } from './expr.ts';
import { Fault } from './fault.ts';
import { localDeclaration, typedef } from './locals.ts';
import { convertTo } from './lvalue.ts';
import { BREAK, CONTINUE, GOTO, NORMAL, RETURN, type Exec, type Frame } from './machine.ts';
import { conversion } from './ops.ts';
import { Scope } from './scope.ts';
import { fail } from './types-ast.ts';

export function stepFault(f: Frame, at: readonly [number, number]): never {
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
