/**
 * The flow-sensitive checks, as plain diagnostics: stale packet pointers,
 * packet accesses without a bounds check, maybe-NULL pointers used unchecked.
 *
 * Each BPF program is interpreted from its entry like the verifier walks it:
 * path by path over the tree-sitter AST, with static functions followed at
 * their call sites. Anything the analysis cannot model makes it silent, never
 * wrong: a kernel-accepted program must get no error from here.
 */
import type { Node } from 'web-tree-sitter';
import type { Locale } from '../../helpers/schema.ts';
import type { AnalysisDiagnostic, QuickFixData } from '../diagnostic.ts';
import type { DocumentAnalysis } from '../document-analysis.ts';
import { Analyzer, type Finding, type Frame, GiveUp, isCtxStruct, Scope } from './analyzer.ts';
import { type CType, decay } from './ctypes.ts';
import { anyOf, type Cx, ev } from './expressions.ts';
import { fixTitle, findingMessage, relatedMessage, STUB_COMMENT } from './messages.ts';
import { State } from './state.ts';
import { cachedDataflow } from './cache.ts';
import { reachableFrom } from '../call-graph.ts';
import { resetSyntaxCache } from './syn.ts';
import { exec } from './statements.ts';
import { TOP, unknownScalar, type Val } from './values.ts';
import { compareText } from '../../syntax/strings.ts';

export interface DataflowOptions {
  locale: Locale;
  /** Analyse only these roots (program or global function names); all when absent. */
  only?: ReadonlySet<string>;
  /** Receives each root's diagnostics separately (for caching per root). */
  perRoot?: (root: string, diagnostics: AnalysisDiagnostic[]) => void;
}

/** What the last run did, per program (for tests and debugging). */
export interface DataflowTrace {
  program: string;
  steps: number;
  gaveUp?: string;
  /** Findings on paths that depend on something the analysis cannot know (not reported). */
  uncertain: number;
  /** Static functions it could not follow. */
  opaque: string[];
}

export function dataflowDiagnostics(analysis: DocumentAnalysis, options: DataflowOptions, trace?: DataflowTrace[]): AnalysisDiagnostic[] {
  let a: Analyzer | undefined;
  try {
    resetSyntaxCache();
    a = new Analyzer(analysis, options.locale);
    const an = a;
    an.evalConstNode = (n) => constNode(an, n);
    const out: AnalysisDiagnostic[] = [];
    for (const p of an.model.programs) {
      if (options.only && !options.only.has(p.name)) continue;
      const fn = an.functions.get(p.name);
      if (!fn || fn.hasError) {
        options.perRoot?.(p.name, []);
        continue;
      }
      const before = an.findings.length;
      an.programType = p.programType;
      an.names = {};
      const steps = an.steps;
      const suppressed = an.suppressed.length;
      const opaque = an.gaveUpOn.length;
      const gaveUp = analyzeRoot(an, fn, p.name);
      trace?.push({
        program: p.name,
        steps: an.steps - steps,
        uncertain: an.suppressed.length - suppressed,
        opaque: [...new Set(an.gaveUpOn.slice(opaque))],
        ...(gaveUp ? { gaveUp } : {}),
      });
      const ds = toDiagnostics(an, an.findings.slice(before), fn);
      options.perRoot?.(p.name, ds);
      out.push(...ds);
    }
    // Global functions are verified on their own, with what their parameter types say.
    const called = new Set(an.model.calls.map((c) => c.callee));
    for (const f of an.model.functions) {
      if (!f.isDefinition || f.isStatic || f.isInline || !called.has(f.name) || an.model.programs.some((p) => p.name === f.name)) continue;
      if (options.only && !options.only.has(f.name)) continue;
      const fn = an.functions.get(f.name);
      if (!fn || fn.hasError) {
        options.perRoot?.(f.name, []);
        continue;
      }
      const before = an.findings.length;
      const ctxType = f.params.find((p) => /struct\s+(xdp_md|__sk_buff)\s*\*/.test(p.type))?.type ?? '';
      an.programType = ctxType.includes('xdp_md') ? 'xdp' : ctxType.includes('__sk_buff') ? 'sched_cls' : undefined;
      an.names = {};
      const steps = an.steps;
      const suppressed = an.suppressed.length;
      const gaveUp = analyzeRoot(an, fn, f.name);
      trace?.push({ program: f.name, steps: an.steps - steps, uncertain: an.suppressed.length - suppressed, opaque: [], ...(gaveUp ? { gaveUp } : {}) });
      const ds = toDiagnostics(an, an.findings.slice(before), fn);
      options.perRoot?.(f.name, ds);
      out.push(...ds);
    }
    return dedupe(out);
  } catch (e) {
    if (e instanceof GiveUp) return [];
    // Never let the analysis break the other checks.
    return [];
  } finally {
    a?.dispose();
    resetSyntaxCache();
  }
}

function constNode(a: Analyzer, n: Node) {
  const frame: Frame = { fn: n, name: '', id: -1, depth: 0, returnType: { k: 'unknown' }, chain: [] };
  const cx: Cx = { a, frame, scope: new Scope() };
  a.quiet++;
  try {
    const rs = ev(cx, n, new State());
    const v = rs.length === 1 ? rs[0].v : undefined;
    return v && v.k === 'scalar' ? v : unknownScalar();
  } catch (e) {
    if (e instanceof GiveUp && e.why === 'budget') throw e;
    return unknownScalar();
  } finally {
    a.quiet--;
  }
}

function paramList(fn: Node): Node[] {
  let d: Node | null = fn.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  const list = d?.childForFieldName('parameters');
  return list ? list.namedChildren.filter((c): c is Node => c !== null && c.type === 'parameter_declaration') : [];
}

function analyzeRoot(a: Analyzer, fn: Node, name: string): string | undefined {
  a.startBudget();
  a.forRoot(reachableFrom(a.model, name));
  const body = fn.childForFieldName('body');
  if (!body) return 'no body';
  const scope = new Scope();
  const st = new State();
  for (const p of paramList(fn)) {
    const base = a.types.fromSpecifier(p.childForFieldName('type'));
    const { type, name: pname } = a.types.fromDeclarator(base, p.childForFieldName('declarator'));
    if (!pname) continue;
    const t: CType = decay(type);
    const key = `${pname.text}@${pname.startIndex}#0`;
    scope.declare({ key, type: t, name: pname.text });
    let v: Val = t.k === 'int' ? anyOf(t, 'rt') : TOP;
    if (t.k === 'ptr' && t.to.k === 'struct' && isCtxStruct(`struct ${t.to.name}`)) {
      v = { k: 'ctx', struct: `struct ${t.to.name}` };
      a.names.ctx ??= pname.text;
    }
    st.set(key, v);
  }
  const frame: Frame = { fn, name, id: 0, depth: 0, returnType: a.types.fromSpecifier(fn.childForFieldName('type')), chain: [] };
  try {
    exec({ a, frame, scope }, body, [st]);
    return undefined;
  } catch (e) {
    if (!(e instanceof GiveUp)) throw e;
    // The findings so far were found on real paths; the rest of the function stays unchecked.
    return e.why;
  }
}

function dedupe(ds: AnalysisDiagnostic[]): AnalysisDiagnostic[] {
  const seen = new Set<string>();
  const out: AnalysisDiagnostic[] = [];
  for (const d of ds.sort((x, y) => x.start - y.start || compareText(x.code, y.code))) {
    const k = `${d.code}:${d.start}:${d.end}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(d);
  }
  return out;
}

function toDiagnostics(a: Analyzer, findings: Finding[], root: Node): AnalysisDiagnostic[] {
  return findings.map((f) => {
    const d: AnalysisDiagnostic = {
      code: f.code,
      severity: 'error',
      start: f.start,
      end: f.end,
      message: findingMessage(f.detail, a.locale),
    };
    const relMsg = relatedMessage(f.detail, a.locale);
    if (f.detail.kind === 'stale' && relMsg) d.related = [{ start: f.detail.callStart, end: f.detail.callEnd, message: relMsg }];
    if (f.detail.kind === 'null' && relMsg) d.related = [{ start: f.detail.originStart, end: f.detail.originEnd, message: relMsg }];
    const fix = f.detail.kind === 'stale' ? staleFix(a, f, root) : f.detail.kind === 'null' ? nullFix(a, f, root) : undefined;
    if (fix) d.fixes = [fix];
    return d;
  });
}

/** The statement (a direct child of a block) that contains `n`. */
function statementOf(n: Node | null): Node | undefined {
  let cur = n;
  while (cur && cur.parent) {
    if (cur.parent.type === 'compound_statement' || cur.parent.type === 'case_statement') return cur;
    cur = cur.parent;
  }
  return undefined;
}

function indentOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

function unitOf(indent: string): string {
  return indent.includes('\t') || indent === '' ? '\t' : '    ';
}

function defaultReturn(a: Analyzer, fnNode: Node, root: Node, drop: boolean): string {
  if (fnNode.childForFieldName('declarator')?.type === 'pointer_declarator') return 'return NULL;';
  if (a.types.fromSpecifier(fnNode.childForFieldName('type')).k === 'void') return 'return;';
  if (fnNode.id !== root.id) return 'return 0;';
  const pt = a.programType ?? '';
  if (pt === 'xdp') return drop ? 'return XDP_DROP;' : 'return XDP_PASS;';
  if (pt === 'sched_cls' || pt === 'sched_act') return drop ? 'return TC_ACT_SHOT;' : 'return TC_ACT_OK;';
  if (pt.startsWith('cgroup_skb')) return drop ? 'return 0;' : 'return 1;';
  return 'return 0;';
}

function nodeAt(a: Analyzer, start: number, end: number, type: string): Node | undefined {
  let n: Node | null = a.analysis.syntax.tree.rootNode.descendantForIndex(start, end);
  while (n && !(n.type === type && n.startIndex === start)) n = n.parent;
  return n ?? undefined;
}

function nullFix(a: Analyzer, f: Finding, root: Node): QuickFixData | undefined {
  if (f.detail.kind !== 'null') return undefined;
  const call = nodeAt(a, f.detail.originStart, f.detail.originEnd, 'call_expression');
  if (!call) return undefined;
  let holder = call.parent;
  while (holder && (holder.type === 'cast_expression' || holder.type === 'parenthesized_expression')) holder = holder.parent;
  let name: string | undefined;
  if (holder?.type === 'init_declarator') name = holder.childForFieldName('declarator')?.text.replace(/^[*\s]+/, '');
  else if (holder?.type === 'assignment_expression' && holder.childForFieldName('left')?.type === 'identifier') name = holder.childForFieldName('left')?.text;
  if (!name || !/^\w+$/.test(name)) return undefined;
  const stmt = statementOf(holder);
  if (!stmt || (stmt.type !== 'declaration' && stmt.type !== 'expression_statement')) return undefined;
  let fnNode: Node | null = stmt;
  while (fnNode && fnNode.type !== 'function_definition') fnNode = fnNode.parent;
  if (!fnNode) return undefined;
  const indent = indentOf(a.text, stmt.startIndex);
  const text = `\n${indent}if (!${name})\n${indent}${unitOf(indent)}${defaultReturn(a, fnNode, root, false)}`;
  return { title: fixTitle('null', a.locale, name), edits: [{ start: stmt.endIndex, end: stmt.endIndex, newText: text }] };
}

/** The variable a use goes through: `ip` in `ip->ttl`, `&ip->saddr`, `*(u8 *)ip`, `p[1]`. */
function pointerName(n: Node): string | undefined {
  let cur: Node | null = n;
  for (let i = 0; cur && i < 8; i++) {
    if (cur.type === 'identifier') return cur.text;
    if (cur.type === 'field_expression' || cur.type === 'pointer_expression' || cur.type === 'subscript_expression') cur = cur.childForFieldName('argument');
    else if (cur.type === 'cast_expression') cur = cur.childForFieldName('value');
    else if (cur.type === 'parenthesized_expression') cur = cur.namedChildren.find((c) => c !== null) ?? null;
    else return undefined;
  }
  return undefined;
}

function staleFix(a: Analyzer, f: Finding, root: Node): QuickFixData | undefined {
  if (f.detail.kind !== 'stale' || f.fnStart !== root.startIndex) return undefined;
  const { data, dataEnd, ctx } = a.names;
  if (!data || !dataEnd || !ctx) return undefined;
  const sites = [...f.detail.chain, { start: f.detail.callStart, end: f.detail.callEnd }];
  const site = sites.find((s) => s.start >= root.startIndex && s.end <= root.endIndex);
  if (!site) return undefined;
  const call = nodeAt(a, site.start, site.end, 'call_expression');
  const stmt = statementOf(call ?? null);
  if (!stmt) return undefined;
  const indent = indentOf(a.text, stmt.startIndex);
  const unit = unitOf(indent);
  const bytes = f.detail.needBytes && f.detail.base === 'data' ? f.detail.needBytes : 1;
  const comment = a.locale === 'zh-CN' ? STUB_COMMENT.zh : STUB_COMMENT.en;
  const use = a.analysis.syntax.tree.rootNode.descendantForIndex(f.start, f.end);
  const ptrName = use ? pointerName(use) : undefined;
  const rederive =
    ptrName && ptrName !== data && ptrName !== dataEnd && f.detail.base === 'data' && f.detail.ptrOff !== undefined
      ? `${ptrName} = ${f.detail.ptrOff ? `${data} + ${f.detail.ptrOff}` : data};`
      : `/* ${comment} */`;
  const lines = [
    `${data} = (void *)(long)${ctx}->data;`,
    `${dataEnd} = (void *)(long)${ctx}->data_end;`,
    ...(f.detail.viaEnd ? [] : [rederive]),
    `if (${data} + ${bytes} > ${dataEnd})`,
    `${unit}${defaultReturn(a, root, root, true)}`,
  ];
  return {
    title: fixTitle('stale', a.locale),
    edits: [{ start: stmt.endIndex, end: stmt.endIndex, newText: lines.map((l) => `\n${indent}${l}`).join('') }],
  };
}

/** The registration entry for `checkDocument`: reports the flow-sensitive findings. */
export function checkDataflow(ctx: { analysis: DocumentAnalysis; locale: Locale; report(d: AnalysisDiagnostic): void }): void {
  for (const d of cachedDataflow(ctx.analysis, ctx.locale, (opts) => dataflowDiagnostics(ctx.analysis, { locale: ctx.locale, ...opts }))) ctx.report(d);
}
