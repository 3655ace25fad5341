/**
 * Runs the checks that look at one function at a time (its helper calls, its
 * returns when it is a program) for the functions whose inputs changed, and
 * reuses the results of the others. A function's results depend on its text,
 * on the programs that reach it, on the file's declarations (declarationsKey),
 * on the options, and on which maps the file inserts into (BPF_EXIST rule); all
 * of that is the cache key. A function with a finding outside its own text is
 * checked again every time.
 */
import type { AnalysisDiagnostic } from './diagnostic.ts';
import type { DocumentAnalysis } from './document-analysis.ts';
import type { CallSite, DocumentModel, FunctionInfo, ProgramInfo } from './document-model-types.ts';
import { mapArgumentName, type CheckContext } from './checks/context.ts';
import { anchorOffsets, declarationsKey, resolveOffsets } from './function-results.ts';

export type Check = (ctx: CheckContext) => void;

/** Anchored diagnostics of one function, per check name, with what they were computed from. */
interface FunctionResults {
  shared: string;
  programs: string;
  text: string;
  /** Non-empty anchored results per check name; undefined when the function had none. */
  byCheck: [string, unknown[]][] | undefined;
}

/** Per document: the results of each function by name. */
const caches = new WeakMap<DocumentAnalysis, Map<string, FunctionResults>>();

/** Runs one check and returns what it reported; a check that throws is logged and reports nothing more. */
export function runGuarded(name: string, check: Check, context: (report: (d: AnalysisDiagnostic) => void) => CheckContext): AnalysisDiagnostic[] {
  const list: AnalysisDiagnostic[] = [];
  try {
    check(context((d) => list.push(d)));
  } catch (e) {
    console.error(`bpfls: check ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  return list;
}

/** Which maps the file's calls insert into: the BPF_EXIST rule looks across functions. */
function insertsKey(model: DocumentModel): string {
  return model.calls
    .filter((c) => c.callee === 'bpf_map_update_elem')
    .map((c) => `${mapArgumentName(c.args[0]?.text) ?? ''}:${/\bBPF_EXIST\b/.test(c.args[3]?.text ?? '') ? 1 : 0}`)
    .sort()
    .join(',');
}

/**
 * Diagnostics of `checks`, per check name, in text order of the functions (calls
 * outside every function first). `context(model, report)` makes a check context
 * for the calls and programs to check.
 */
export function perFunctionDiagnostics(
  analysis: DocumentAnalysis,
  options: { locale: string; targetKernel?: string },
  checks: readonly [string, Check][],
  /** Programs whose call graph reaches each function (programReach). */
  reach: ReadonlyMap<string, readonly ProgramInfo[]>,
  context: (scope: { calls: readonly CallSite[]; programs: readonly ProgramInfo[] }, report: (d: AnalysisDiagnostic) => void) => CheckContext,
): Map<string, AnalysisDiagnostic[]> {
  const model = analysis.model();
  const text = analysis.text;
  const out = new Map<string, AnalysisDiagnostic[]>(checks.map(([name]) => [name, []]));
  const callsByFunction = new Map<string | undefined, CallSite[]>();
  for (const c of model.calls) {
    const list = callsByFunction.get(c.inFunction);
    if (list) list.push(c);
    else callsByFunction.set(c.inFunction, [c]);
  }
  const run = (calls: CallSite[], fn: FunctionInfo | undefined): Map<string, AnalysisDiagnostic[]> => {
    const scope = { calls, programs: fn ? model.programs.filter((p) => p.name === fn.name) : [] };
    const found = new Map<string, AnalysisDiagnostic[]>();
    for (const [name, check] of checks) found.set(name, runGuarded(name, check, (report) => context(scope, report)));
    return found;
  };
  const add = (found: Map<string, AnalysisDiagnostic[]>): void => {
    for (const [name, list] of found) out.get(name)?.push(...list);
  };

  add(run(callsByFunction.get(undefined) ?? [], undefined));

  const previous = caches.get(analysis) ?? new Map<string, FunctionResults>();
  const next = new Map<string, FunctionResults>();
  const shared = `${options.locale}\u0001${options.targetKernel ?? ''}\u0001${declarationsKey(text, model)}\u0001${insertsKey(model)}`;
  const definitions = model.functions.filter((f) => f.isDefinition);
  const count = new Map<string, number>();
  for (const f of definitions) count.set(f.name, (count.get(f.name) ?? 0) + 1);
  const done = new Set<string>();
  for (const f of definitions) {
    if (done.has(f.name)) continue; // a second definition of a name: its calls were checked with the first
    done.add(f.name);
    const calls = callsByFunction.get(f.name) ?? [];
    const unique = count.get(f.name) === 1;
    const programs = (reach.get(f.name) ?? []).map((p) => `${p.name}|${p.section}`).join(',');
    const fnText = text.slice(f.span.start, f.span.end);
    const old = unique ? previous.get(f.name) : undefined;
    if (old && old.shared === shared && old.programs === programs && old.text === fnText) {
      if (old.byCheck) {
        const here = new Map([[f.name, f]]);
        for (const [name, list] of old.byCheck) out.get(name)?.push(...(resolveOffsets(list, here) as AnalysisDiagnostic[]));
      }
      old.text = fnText; // a slice of this version's text, so the old version's text can be freed
      next.set(f.name, old);
      continue;
    }
    const found = run(calls, f);
    add(found);
    if (!unique) continue;
    let byCheck: [string, unknown[]][] | undefined;
    let ok = true;
    for (const [name, list] of found) {
      if (list.length === 0) continue;
      const a = anchorOffsets(list, [f]);
      if (a === undefined) ok = false;
      else (byCheck ??= []).push([name, a as unknown[]]);
    }
    if (ok) next.set(f.name, { shared, programs, text: fnText, byCheck });
  }
  caches.set(analysis, next);
  return out;
}
