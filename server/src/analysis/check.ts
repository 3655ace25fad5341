/**
 * All diagnostics of a document, as plain data: real C syntax errors first, then
 * the BPF checks. The CLI (`bpfls check`) and the language server both call this.
 * Every check runs guarded: one failing check cannot hide the others.
 */
import type { Locale } from '../helpers/schema.ts';
import type { AnalysisDiagnostic } from './diagnostic.ts';
import type { DocumentAnalysis } from './document-analysis.ts';
import { programReach, type CheckContext } from './checks/context.ts';
import { perFunctionDiagnostics, runGuarded, type Check } from './check-functions.ts';
import type { CallSite, ProgramInfo } from './document-model-types.ts';
import { checkHelperCalls } from './checks/helper-calls.ts';
import { checkFlags } from './checks/flags.ts';
import { checkArguments } from './checks/arguments.ts';
import { checkPrintk } from './checks/printk.ts';
import { checkReturnValues } from './checks/return-values.ts';
import { checkHints } from './checks/hints.ts';
import { checkLicense } from './checks/license.ts';
import { checkDataflow } from './dataflow/index.ts';

export interface CheckOptions {
  locale: Locale;
  /** "X.Y": report helpers newer than this kernel. */
  targetKernel?: string;
}

/** Checks that look at one function at a time, reused per function across edits. */
const PER_FUNCTION: [string, Check][] = [
  ['helper-calls', checkHelperCalls],
  ['flags', checkFlags],
  ['arguments', checkArguments],
  ['printk', checkPrintk],
  ['return-values', checkReturnValues],
];

/** Checks that look at the whole file (dataflow keeps its own cache per program). */
const WHOLE_FILE: [string, Check][] = [
  ['dataflow', checkDataflow],
  ['license', checkLicense],
  ['hints', checkHints],
];

/** Reporting order. */
const ORDER = ['helper-calls', 'dataflow', 'flags', 'arguments', 'printk', 'return-values', 'license', 'hints'];

/** All diagnostics of the document's current version (cached per version and options). */
export function checkDocument(analysis: DocumentAnalysis, options: CheckOptions): AnalysisDiagnostic[] {
  return analysis.diagnostics(options, () => runChecks(analysis, options));
}

/**
 * Runs the checks on the current version without the per-version cache and
 * reports how long each phase took, in ms (for bench/analysis-phases.ts).
 */
export function checkPhases(analysis: DocumentAnalysis, options: CheckOptions): Map<string, number> {
  const times = new Map<string, number>();
  let t = performance.now();
  analysis.model();
  times.set('model', performance.now() - t);
  t = performance.now();
  runChecks(analysis, options, times);
  return times;
}

function runChecks(analysis: DocumentAnalysis, options: CheckOptions, times?: Map<string, number>): AnalysisDiagnostic[] {
  let t = performance.now();
  const out = [...syntaxDiagnostics(analysis, options.locale)];
  const model = analysis.model();
  const reach = programReach(model);
  const context = (scope: { calls: readonly CallSite[]; programs: readonly ProgramInfo[] }, report: (d: AnalysisDiagnostic) => void): CheckContext => ({
    analysis,
    model,
    ...scope,
    locale: options.locale,
    targetKernel: options.targetKernel,
    reach,
    hinted: new Set(),
    report,
    t: (en, zh) => (options.locale === 'zh-CN' ? zh : en),
  });
  times?.set('syntax-errors', performance.now() - t);
  t = performance.now();
  const found = perFunctionDiagnostics(analysis, options, PER_FUNCTION, reach, context);
  times?.set('per-function checks', performance.now() - t);
  for (const [name, check] of WHOLE_FILE) {
    t = performance.now();
    found.set(
      name,
      runGuarded(name, check, (report) => context(model, report)),
    );
    times?.set(name, performance.now() - t);
  }
  for (const name of ORDER) out.push(...(found.get(name) ?? []));
  return onceEach(dedupe(out));
}

/** Keeps the first diagnostic (in text order) of each `once` key. */
function onceEach(list: AnalysisDiagnostic[]): AnalysisDiagnostic[] {
  const first = new Map<string, AnalysisDiagnostic>();
  for (const d of list) if (d.once !== undefined && (!first.has(d.once) || d.start < first.get(d.once)!.start)) first.set(d.once, d);
  return list.filter((d) => d.once === undefined || first.get(d.once) === d);
}

function dedupe(list: AnalysisDiagnostic[]): AnalysisDiagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.code}:${d.start}:${d.end}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function localizeSyntax(message: string, locale: Locale): string {
  if (locale !== 'zh-CN') return `syntax error: ${message}`;
  const expected = /^expected (.*)$/.exec(message);
  if (expected) return `语法错误：此处缺少 ${expected[1]}`;
  const unexpected = /^unexpected (?:token )?(.*)$/.exec(message);
  if (unexpected) return `语法错误：意外的 ${unexpected[1]}`;
  return `语法错误：${message}`;
}

export function syntaxDiagnostics(analysis: DocumentAnalysis, locale: Locale): AnalysisDiagnostic[] {
  return analysis.model().syntaxErrors.map((e) => ({
    code: 'bpf/syntax',
    severity: 'error' as const,
    start: e.start,
    end: Math.max(e.end, e.start + 1 <= analysis.text.length ? e.start + 1 : e.start),
    message: localizeSyntax(e.message, locale),
  }));
}
