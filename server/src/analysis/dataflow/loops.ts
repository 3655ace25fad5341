/**
 * Loops: unrolled while the paths still differ (as the verifier walks bounded
 * loops), up to a fixed number of iterations, then widened over the variables
 * the loop writes.
 */
import type { Node } from 'web-tree-sitter';
import { field } from './syn.ts';
import { GiveUp, MAX_STATES, Scope } from './analyzer.ts';
import { cond } from './conditions.ts';
import { anyOf, type Cx, ev, named } from './expressions.ts';
import { compact, type State } from './state.ts';
import { exec, emptyFlow, addGotos, type Flow, MAX_LOOP_ITERATIONS, declare } from './statements.ts';

function loopParts(n: Node): { init?: Node; cond?: Node; update?: Node; body: Node; doWhile: boolean } {
  const body = field(n, 'body');
  if (!body) throw new GiveUp('loop');
  if (n.type === 'for_statement') {
    const init = field(n, 'initializer') ?? undefined;
    const c = field(n, 'condition') ?? undefined;
    const update = field(n, 'update') ?? undefined;
    return { ...(init ? { init } : {}), ...(c ? { cond: c } : {}), ...(update ? { update } : {}), body, doWhile: false };
  }
  const c = field(n, 'condition') ?? undefined;
  return { ...(c ? { cond: c } : {}), body, doWhile: n.type === 'do_statement' };
}

export function execLoop(cx0: Cx, n: Node, states: State[]): Flow {
  const cx: Cx = { ...cx0, scope: new Scope(cx0.scope) };
  const parts = loopParts(n);
  let cur = states;
  if (parts.init) {
    const init = parts.init;
    cur = init.type === 'declaration' ? cur.flatMap((s) => declare(cx, init, s)) : cur.flatMap((s) => ev(cx, init, s).map((r) => r.st));
  }
  const iterator = iteratorLoop(cx, n);
  const out = emptyFlow();
  const exits: State[] = [];
  const seen = new Set<string>();
  let iterations = 0;
  for (; cur.length && iterations < (iterator ? 1 : MAX_LOOP_ITERATIONS); iterations++) {
    let enter: State[];
    if (iterator) {
      exits.push(...cur.map((s) => s.clone()));
      enter = cur.map((s) => {
        iterator(s);
        return s;
      });
    } else if (parts.cond && !(parts.doWhile && iterations === 0)) {
      enter = [];
      for (const s of cur) {
        const split = cond(cx, parts.cond, s);
        enter.push(...split.t);
        exits.push(...split.f);
      }
    } else enter = cur;
    if (!enter.length) {
      cur = [];
      break;
    }
    const f = exec(cx, parts.body, compact(enter, MAX_STATES));
    out.ret.push(...f.ret);
    addGotos(out.gotos, f.gotos);
    exits.push(...f.brk);
    let back = [...f.next, ...f.cont];
    if (parts.update) {
      const update = parts.update;
      back = back.flatMap((s) => ev(cx, update, s).map((r) => r.st));
    }
    for (const s of back) s.pruneRanges();
    back = compact(back, MAX_STATES).filter((s) => {
      const sig = s.signature();
      if (seen.has(sig)) return false;
      seen.add(sig);
      return true;
    });
    cur = back;
  }
  if (cur.length) {
    // Still going: forget what the loop changes, then leave through its condition.
    const written = writtenIn(cx, parts.body, parts.update);
    const wide = compact(cur.map((s) => widen(s, written)), 1);
    cx.a.quiet++;
    try {
      for (const s of wide) {
        if (parts.cond && !iterator) {
          const split = cond(cx, parts.cond, s);
          exits.push(...split.f);
          if (!split.f.length && split.t.length) continue;
        } else if (!parts.cond) continue;
        else exits.push(s);
      }
    } finally {
      cx.a.quiet--;
    }
  }
  out.next = compact(exits, MAX_STATES);
  return out;
}

/** `bpf_for(i, lo, hi)` & co. (rewritten to `while (i, lo, hi)`): one pass with an unknown counter. */
function iteratorLoop(cx: Cx, n: Node): ((s: State) => void) | undefined {
  if (n.type !== 'while_statement') return undefined;
  const rec = cx.a.analysis.syntax.recordsIn(n.startIndex, n.startIndex + 16).find((r) => r.kind === 'loop' && r.range.start === n.startIndex);
  if (!rec || rec.kind !== 'loop') return undefined;
  const counter = rec.macro === 'bpf_for' ? rec.args[0]?.text.trim() : undefined;
  const v = counter ? cx.scope.lookup(counter) : undefined;
  return (s: State) => {
    if (v) s.set(v.key, anyOf(v.type, 'rt'));
  };
}

/** Variables a loop body assigns (or hands out the address of). */
function writtenIn(cx: Cx, body: Node, update?: Node): Set<string> {
  const out = new Set<string>();
  const visit = (n: Node): void => {
    let target: Node | null = null;
    if (n.type === 'assignment_expression') target = field(n, 'left');
    else if (n.type === 'update_expression') target = field(n, 'argument');
    else if (n.type === 'pointer_expression' && field(n, 'operator')?.text === '&') target = field(n, 'argument');
    else if (n.type === 'declaration') {
      for (const d of n.childrenForFieldName('declarator')) {
        const { name } = cx.a.types.fromDeclarator(cx.a.types.fromSpecifier(field(n, 'type')), d);
        if (name) out.add(name.text);
      }
    }
    while (target && (target.type === 'field_expression' || target.type === 'subscript_expression' || target.type === 'parenthesized_expression')) {
      target = target.type === 'parenthesized_expression' ? named(target)[0] : field(target, 'argument');
    }
    if (target?.type === 'identifier') out.add(target.text);
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(body);
  if (update) visit(update);
  const keys = new Set<string>();
  for (const name of out) {
    const v = cx.scope.lookup(name);
    if (v) keys.add(v.key);
    else keys.add(`@name:${name}`);
  }
  return keys;
}

function widen(s: State, written: Set<string>): State {
  const w = s.clone();
  const names = new Set([...written].filter((k) => k.startsWith('@name:')).map((k) => k.slice(6)));
  for (const k of [...w.vars.keys()]) {
    const base = k.replace(/[.[].*$/, '');
    const v = w.vars.get(k)!;
    if (written.has(base) || names.has(base.replace(/@.*$/, ''))) {
      w.vars.delete(k);
      continue;
    }
    if (v.k === 'nullable' || v.k === 'stale') w.vars.delete(k);
  }
  w.poisonRanges();
  return w;
}
