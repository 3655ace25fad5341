/**
 * Statements: runs a function body over a set of path states, following
 * branches, loops (unrolled while the paths differ, like the verifier walks
 * bounded loops, then widened), `break`/`continue`, `switch`, forward `goto`
 * and returns.
 */
import type { Node } from 'web-tree-sitter';
import { field } from './syn.ts';
import { GiveUp, MAX_STATES, Scope } from './analyzer.ts';
import { cond } from './conditions.ts';
import type { CType } from './ctypes.ts';
import { convert, type Cx, ev, named } from './expressions.ts';
import { atMacroUse, expansionText, forgetForMacro, macroOf, parseMacroStatements, statementMacroOf } from './macros.ts';
import { conditionHolds } from './preproc.ts';
import { compact, type State } from './state.ts';
import { konst, TOP, unknownScalar, type Val } from './values.ts';
import { compare } from './arith.ts';
import { execLoop } from './loops.ts';

export interface Ret {
  st: State;
  v: Val;
}

export interface Flow {
  next: State[];
  brk: State[];
  cont: State[];
  ret: Ret[];
  gotos: Map<string, State[]>;
}

export const MAX_LOOP_ITERATIONS = 96;

export function emptyFlow(next: State[] = []): Flow {
  return { next, brk: [], cont: [], ret: [], gotos: new Map() };
}

export function addGotos(into: Map<string, State[]>, from: Map<string, State[]>): void {
  for (const [k, v] of from) into.set(k, [...(into.get(k) ?? []), ...v]);
}

/** Runs a static function's body; the paths that return, with their values. */
export function execFunctionBody(cx: Cx, body: Node, st: State): Ret[] {
  const flow = exec(cx, body, [st]);
  if (flow.gotos.size) throw new GiveUp('goto');
  const rets = [...flow.ret, ...flow.next.map((s) => ({ st: s, v: TOP as Val }))];
  for (const r of rets) r.st.pruneRanges();
  if (rets.length <= MAX_STATES) return rets;
  // Too many return paths: merge those that return the same kind of value.
  const states = compact(
    rets.map((r) => {
      const s = r.st.clone();
      s.vars.set('#ret', r.v);
      return s;
    }),
    MAX_STATES,
  );
  return states.map((s) => {
    const v = s.vars.get('#ret') ?? TOP;
    s.vars.delete('#ret');
    return { st: s, v };
  });
}

export function exec(cx: Cx, n: Node, states: State[]): Flow {
  if (states.length === 0) return emptyFlow();
  cx.a.step();
  switch (n.type) {
    case 'compound_statement':
      return execBlock({ ...cx, scope: new Scope(cx.scope) }, named(n), states);
    case 'declaration':
      return emptyFlow(states.flatMap((s) => declare(cx, n, s)));
    case 'expression_statement': {
      const e = named(n)[0];
      const macro = e ? (e.type === 'call_expression' ? macroOf(cx, e) : statementMacroOf(cx, e)) : undefined;
      if (e && macro) return macroStatement(cx, e, macro, states);
      // A statement without effects compiles to nothing: the verifier never sees it.
      if (!e || !hasEffects(e)) return emptyFlow(states);
      return emptyFlow(compact(states.flatMap((s) => ev(cx, e, s).map((r) => r.st)), MAX_STATES));
    }
    case 'if_statement':
      return execIf(cx, n, states);
    case 'while_statement':
    case 'for_statement':
    case 'do_statement':
      return execLoop(cx, n, states);
    case 'return_statement': {
      const e = named(n)[0];
      const flow = emptyFlow();
      for (const s of states) {
        if (!e) flow.ret.push({ st: s, v: TOP });
        else for (const r of ev(cx, e, s)) flow.ret.push({ st: r.st, v: convert(r.v, cx.frame.returnType) });
      }
      return flow;
    }
    case 'break_statement':
      return { ...emptyFlow(), brk: states };
    case 'continue_statement':
      return { ...emptyFlow(), cont: states };
    case 'goto_statement': {
      const label = field(n, 'label')?.text;
      if (!label) throw new GiveUp('goto');
      const flow = emptyFlow();
      flow.gotos.set(label, states);
      return flow;
    }
    case 'labeled_statement': {
      const inner = named(n).find((c) => c.type !== 'statement_identifier');
      return inner ? exec(cx, inner, states) : emptyFlow(states);
    }
    case 'switch_statement':
      return execSwitch(cx, n, states);
    case 'preproc_if':
    case 'preproc_ifdef':
    case 'preproc_elif':
    case 'preproc_else':
      return execConditional(cx, n, states);
    case 'comment':
    case 'preproc_call':
    case 'preproc_def':
    case 'preproc_function_def':
    case 'preproc_undef':
    case 'type_definition':
    case 'struct_specifier':
    case 'union_specifier':
    case 'enum_specifier':
    case ';':
      return emptyFlow(states);
    case 'attributed_statement': {
      const inner = named(n).find((c) => c.type !== 'attribute_declaration');
      return inner ? exec(cx, inner, states) : emptyFlow(states);
    }
    default:
      throw new GiveUp(`statement ${n.type}`);
  }
}

/** A macro used as a statement: its expansion's statements run in place (they may return). */
function macroStatement(cx: Cx, use: Node, macro: { name: string; params: string[]; body: string }, states: State[]): Flow {
  const text = expansionText(macro, use.type === 'call_expression' ? use : undefined);
  const stmts = text !== undefined ? parseMacroStatements(cx.a, text) : undefined;
  const saved = states.map((s) => s.clone());
  const flow = stmts ? atMacroUse(cx.a, macro.name, use, () => execBlock(cx, stmts, states)) : undefined;
  if (flow) return flow;
  for (const s of saved) forgetForMacro(cx, use, s);
  return emptyFlow(saved);
}

const EFFECTS = new Set(['assignment_expression', 'update_expression', 'call_expression', 'gnu_asm_expression']);

function hasEffects(n: Node): boolean {
  if (EFFECTS.has(n.type)) return true;
  return named(n).some(hasEffects);
}

export function execBlock(cx: Cx, stmts: Node[], states: State[]): Flow {
  const out = emptyFlow();
  let cur = states;
  const pending = new Map<string, State[]>();
  const passed = new Set<string>();
  for (const stmt of stmts) {
    if (stmt.type === 'labeled_statement') {
      const label = field(stmt, 'label')?.text ?? '';
      const jumped = pending.get(label);
      if (jumped) {
        cur = compact([...cur, ...jumped], MAX_STATES);
        pending.delete(label);
      }
      passed.add(label);
    }
    const f = exec(cx, stmt, cur);
    for (const label of f.gotos.keys()) if (passed.has(label)) throw new GiveUp('backward goto');
    addGotos(pending, f.gotos);
    out.brk.push(...f.brk);
    out.cont.push(...f.cont);
    out.ret.push(...f.ret);
    cur = f.next;
  }
  out.next = cur;
  out.gotos = pending;
  return out;
}

/**
 * `#if` / `#ifdef` inside a function: the branch the preprocessor keeps, when
 * this file decides it (literal conditions, macros it defines); otherwise the
 * function is left alone.
 */
function execConditional(cx: Cx, n: Node, states: State[]): Flow {
  const taken = n.type === 'preproc_else' ? true : conditionHolds(n, cx.a.preproc);
  if (taken === undefined) throw new GiveUp('#if');
  const alt = field(n, 'alternative');
  if (!taken) return alt ? execConditional(cx, alt, states) : emptyFlow(states);
  const skip = new Set([field(n, 'condition')?.id, field(n, 'name')?.id, alt?.id]);
  return execBlock(cx, named(n).filter((c) => !skip.has(c.id)), states);
}

export function declare(cx: Cx, n: Node, st: State): State[] {
  const storage = n.namedChildren.filter((c) => c?.type === 'storage_class_specifier').map((c) => c?.text);
  const base = cx.a.types.fromSpecifier(field(n, 'type'));
  let states = [st];
  for (const d of n.childrenForFieldName('declarator')) {
    const { type, name } = cx.a.types.fromDeclarator(base, d);
    if (!name) continue;
    if (type.k === 'fn') continue;
    const key = `${name.text}@${cx.a.nodeKey(name)}#${cx.frame.id}`;
    cx.scope.declare({ key, type, name: name.text });
    if (storage.includes('static') || storage.includes('extern')) continue;
    const value = d.type === 'init_declarator' ? field(d, 'value') : null;
    states = states.flatMap((s) => {
      s.havoc(key);
      if (!value) return [s];
      if (value.type === 'initializer_list') return initAggregate(cx, key, type, value, s);
      return ev(cx, value, s).map((r) => {
        const v = convert(r.v, type);
        r.st.set(key, v);
        noteNames(cx, name.text, value, v);
        return r.st;
      });
    });
  }
  return states;
}

/** Remembers what the program calls data / data_end (for the quick fixes). */
function noteNames(cx: Cx, name: string, value: Node, v: Val): void {
  if (cx.frame.depth > 0) return;
  if (v.k === 'pkt' && v.base === 'data' && v.off === 0 && /->\s*data\s*$|->\s*data\s*\)*$/.test(value.text.replace(/\)+$/, ''))) cx.a.names.data ??= name;
  if (v.k === 'pkt_end' && /->\s*data_end\b/.test(value.text)) cx.a.names.dataEnd ??= name;
}

/** `struct s x = { .a = 1, .b = ptr }`: field paths get their values; `{}` zeroes. */
function initAggregate(cx: Cx, key: string, type: CType, list: Node, st: State): State[] {
  const items = named(list);
  if (type.k === 'int' || type.k === 'ptr') {
    const first = items[0];
    if (!first) {
      st.set(key, konst(0));
      return [st];
    }
    return ev(cx, first, st).map((r) => {
      r.st.set(key, convert(r.v, type));
      return r.st;
    });
  }
  let states = [st];
  // What the fields not written here hold: zero, or (positional values) unknown.
  const positional = items.some((x) => x.type !== 'initializer_pair');
  st.vars.set(key, positional && !(items.length === 1 && items[0].text === '0') ? unknownScalar('unk') : konst(0));
  if (items.length === 0 || (items.length === 1 && items[0].type === 'number_literal' && items[0].text === '0')) return states;
  for (const item of items) {
    if (item.type === 'initializer_pair') {
      const designators = item.childrenForFieldName('designator');
      const value = field(item, 'value');
      if (!value) continue;
      const path = designators.every((d) => d.type === 'field_designator')
        ? designators.map((d) => `.${named(d)[0]?.text ?? d.text.replace(/^\./, '')}`).join('')
        : undefined;
      states = states.flatMap((s) => {
        if (value.type === 'initializer_list') {
          return ev(cx, value, s).map((r) => r.st);
        }
        return ev(cx, value, s).map((r) => {
          if (path && designators.length === 1 && type.k === 'struct') {
            const f = cx.a.types.field(type.name, path.slice(1));
            if (f && (f.type.k === 'int' || f.type.k === 'ptr')) r.st.vars.set(`${key}${path}`, convert(r.v, f.type));
          }
          return r.st;
        });
      });
    } else {
      states = states.flatMap((s) => ev(cx, item, s).map((r) => r.st));
    }
  }
  return states;
}

function execIf(cx: Cx, n: Node, states: State[]): Flow {
  const c = field(n, 'condition');
  const cons = field(n, 'consequence');
  const alt = field(n, 'alternative');
  if (!c || !cons) throw new GiveUp('if');
  const allCertain = states.every((s) => !s.uncertain);
  const t: State[] = [];
  const f: State[] = [];
  for (const s of states) {
    const split = cond(cx, c, s);
    t.push(...split.t);
    f.push(...split.f);
  }
  const a = exec(cx, cons, compact(t, MAX_STATES));
  const altStmt = alt ? named(alt)[0] : undefined;
  const b = altStmt ? exec(cx, altStmt, compact(f, MAX_STATES)) : emptyFlow(f);
  const out = emptyFlow();
  out.next = rejoin(a.next, b.next, allCertain);
  out.brk = [...a.brk, ...b.brk];
  out.cont = [...a.cont, ...b.cont];
  out.ret = [...a.ret, ...b.ret];
  addGotos(out.gotos, a.gotos);
  addGotos(out.gotos, b.gotos);
  return out;
}

/**
 * Paths that went through both arms of an uncertain branch and ended up the
 * same are certain again (the branch did not matter for them).
 */
export function rejoin(a: State[], b: State[], allCertain: boolean): State[] {
  const states = [...a, ...b];
  if (allCertain && states.some((s) => s.uncertain)) {
    const sigOf = (s: State): string => s.certainSignature();
    const fromA = new Set(a.map(sigOf));
    const fromB = new Set(b.map(sigOf));
    for (const s of states) if (s.uncertain && fromA.has(sigOf(s)) && fromB.has(sigOf(s))) s.uncertain = false;
  }
  return compact(states, MAX_STATES);
}

function execSwitch(cx0: Cx, n: Node, states: State[]): Flow {
  const cx: Cx = { ...cx0, scope: new Scope(cx0.scope) };
  const c = field(n, 'condition');
  const body = field(n, 'body');
  if (!c || !body) throw new GiveUp('switch');
  const cases = named(body);
  if (cases.some((x) => x.type !== 'case_statement')) throw new GiveUp('switch body');
  const values = states.flatMap((s) => ev(cx, c, s));
  const caseValues = cases.map((cs) => {
    const v = field(cs, 'value');
    return v ? ev(cx, v, values[0]?.st.clone() ?? states[0].clone())[0]?.v : undefined;
  });
  const out = emptyFlow();
  const exits: State[] = [];
  let fall: State[] = [];
  cases.forEach((cs, i) => {
    const cv = caseValues[i];
    const isDefault = !field(cs, 'value');
    const entering: State[] = [...fall];
    for (const r of values) {
      const v = r.v;
      if (isDefault) {
        const matchesSome = caseValues.some((x) => x && v.k === 'scalar' && x.k === 'scalar' && compare('==', v, x) === true);
        if (!matchesSome) entering.push(r.st.clone());
      } else if (cv && v.k === 'scalar' && cv.k === 'scalar') {
        const eq = compare('==', v, cv);
        if (eq !== false) {
          const s = r.st.clone();
          if (r.key && cv.lo === cv.hi) s.vars.set(r.key, { ...cv, prov: v.prov });
          entering.push(s);
        }
      } else entering.push(r.st.clone());
    }
    const valueId = field(cs, 'value')?.id;
    const stmts = named(cs).filter((x) => x.id !== valueId);
    const f = execBlock(cx, stmts, compact(entering, MAX_STATES));
    if (f.gotos.size) addGotos(out.gotos, f.gotos);
    exits.push(...f.brk);
    out.cont.push(...f.cont);
    out.ret.push(...f.ret);
    fall = f.next;
  });
  exits.push(...fall);
  if (!cases.some((cs) => !field(cs, 'value'))) {
    for (const r of values) {
      const v = r.v;
      const matched = caseValues.some((x) => x && v.k === 'scalar' && x.k === 'scalar' && compare('==', v, x) === true);
      if (!matched) exits.push(r.st);
    }
  }
  out.next = compact(exits, MAX_STATES);
  return out;
}
