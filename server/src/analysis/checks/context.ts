/**
 * What every check needs: the model, the programs that reach each function (a
 * helper call in a static function is checked for every program that calls it),
 * the license, and the bilingual message helper.
 */
import type { Locale } from '../../helpers/schema.ts';
import type { DocumentAnalysis } from '../document-analysis.ts';
import type { CallSite, DocumentModel, ProgramInfo } from '../document-model-types.ts';
import type { AnalysisDiagnostic } from '../diagnostic.ts';

export interface CheckContext {
  analysis: DocumentAnalysis;
  model: DocumentModel;
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
  const callees = new Map<string, Set<string>>();
  const defined = new Set(model.functions.filter((f) => f.isDefinition).map((f) => f.name));
  for (const c of model.calls) {
    if (!c.inFunction || !defined.has(c.callee)) continue;
    let set = callees.get(c.inFunction);
    if (!set) callees.set(c.inFunction, (set = new Set()));
    set.add(c.callee);
  }
  const reach = new Map<string, ProgramInfo[]>();
  for (const p of model.programs) {
    const stack = [p.name];
    const seen = new Set<string>();
    while (stack.length) {
      const fn = stack.pop()!;
      if (seen.has(fn)) continue;
      seen.add(fn);
      const list = reach.get(fn) ?? [];
      if (!list.includes(p)) list.push(p);
      reach.set(fn, list);
      for (const next of callees.get(fn) ?? []) stack.push(next);
    }
  }
  return reach;
}

export function programsOfCall(ctx: CheckContext, call: CallSite): ProgramInfo[] {
  return call.inFunction ? (ctx.reach.get(call.inFunction) ?? []) : [];
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
