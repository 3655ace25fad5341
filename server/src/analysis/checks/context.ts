/**
 * What every check needs: the model, the programs that reach each function (a
 * helper call in a static function is checked for every program that calls it),
 * the license, and the bilingual message helper.
 */
import type { Node } from 'web-tree-sitter';
import type { Locale } from '../../helpers/schema.ts';
import { evaluateConstant } from '../const-eval.ts';
import { reachableFrom } from '../call-graph.ts';
import type { DocumentAnalysis } from '../document-analysis.ts';
import type { CallSite, DocumentModel, MapInfo, ProgramInfo } from '../document-model-types.ts';
import type { AnalysisDiagnostic } from '../diagnostic.ts';

export interface CheckContext {
  analysis: DocumentAnalysis;
  model: DocumentModel;
  /** The calls to check (all of the model's, or one function's). */
  calls: readonly CallSite[];
  /** The programs to check (all of the model's, or the one a function is). */
  programs: readonly ProgramInfo[];
  locale: Locale;
  targetKernel?: string;
  /** Programs whose call graph reaches each function name. */
  reach: Map<string, ProgramInfo[]>;
  report(d: AnalysisDiagnostic): void;
  /** One-per-file hints already given (by key). */
  hinted: Set<string>;
  /** Picks the message in the context's language. */
  t(en: string, zh: string): string;
}

/** Programs reaching each function, following direct calls from each program's body. */
export function programReach(model: DocumentModel): Map<string, ProgramInfo[]> {
  const reach = new Map<string, ProgramInfo[]>();
  for (const p of model.programs) {
    for (const fn of reachableFrom(model, p.name)) {
      const list = reach.get(fn) ?? [];
      if (!list.includes(p)) list.push(p);
      reach.set(fn, list);
    }
  }
  return reach;
}

export function programsOfCall(ctx: CheckContext, call: CallSite): ProgramInfo[] {
  return call.inFunction ? (ctx.reach.get(call.inFunction) ?? []) : [];
}

/** The name in a map argument written `&name` or `(void *)&name`, else undefined. */
export function mapArgumentName(text: string | undefined): string | undefined {
  const t = text?.trim() ?? '';
  return (/^&\s*([A-Za-z_]\w*)$/.exec(t) ?? /^\(\s*void\s*\*\s*\)\s*&\s*([A-Za-z_]\w*)$/.exec(t))?.[1];
}

/** The file's map that a call's argument `index` names, if any. */
export function mapOfArgument(ctx: CheckContext, call: CallSite, index: number): MapInfo | undefined {
  const name = mapArgumentName(call.args[index]?.text);
  return name === undefined ? undefined : ctx.model.maps.find((m) => m.name === name);
}

/** Compares dotted kernel versions ("5.10" < "5.16"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** License strings the kernel treats as GPL-compatible (license_is_gpl_compatible()). */
export const GPL_COMPATIBLE = ['GPL', 'GPL v2', 'GPL and additional rights', 'Dual BSD/GPL', 'Dual MIT/GPL', 'Dual MPL/GPL'];

/**
 * The `const volatile` knob that makes the code at `offset` unreachable with its
 * default value (`if (debug) { ... }` with `const volatile int debug = 0;`): the
 * verifier then never visits that code, so problems there only matter when the
 * loader changes the knob. Returns the knob's name, or undefined.
 */
export function disabledByKnob(ctx: CheckContext, offset: number): string | undefined {
  const knobs = new Map<string, number>();
  for (const g of ctx.model.globals) {
    if (!g.isConst || !g.isVolatile) continue;
    const init = g.initializer ? evaluateConstant(g.initializer.text) : 0;
    if (init !== undefined) knobs.set(g.name, init);
  }
  if (knobs.size === 0) return undefined;
  let n: Node | null = ctx.analysis.syntax.tree.rootNode.descendantForIndex(offset, offset);
  while (n) {
    const parent: Node | null = n.parent;
    if (parent?.type === 'if_statement') {
      const cond = parent.childForFieldName('condition');
      const m = cond ? /^\(\s*(!?)\s*([A-Za-z_]\w*)\s*\)$/.exec(cond.text) : null;
      if (m && knobs.has(m[2])) {
        const truthy = (knobs.get(m[2]) !== 0) !== (m[1] === '!');
        const inThen = parent.childForFieldName('consequence')?.id === n.id;
        const inElse = parent.childForFieldName('alternative')?.id === n.id || parent.childForFieldName('alternative')?.namedChild(0)?.id === n.id;
        if ((inThen && !truthy) || (inElse && truthy)) return m[2];
      }
    }
    n = parent;
  }
  return undefined;
}
