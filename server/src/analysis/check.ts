/**
 * All diagnostics of a document, as plain data: real C syntax errors first, then
 * the BPF checks. The CLI (`bpfls check`) and the language server both call this.
 * Every check runs guarded: one failing check cannot hide the others.
 */
import type { Locale } from '../helpers/schema.ts';
import type { AnalysisDiagnostic } from './diagnostic.ts';
import type { DocumentAnalysis } from './document-analysis.ts';
import { programReach, type CheckContext } from './checks/context.ts';
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

type Check = (ctx: CheckContext) => void;

/** The checks, in reporting order. */
const CHECKS: [string, Check][] = [
  ['helper-calls', checkHelperCalls],
  ['dataflow', checkDataflow],
  ['flags', checkFlags],
  ['arguments', checkArguments],
  ['printk', checkPrintk],
  ['return-values', checkReturnValues],
  ['license', checkLicense],
  ['hints', checkHints],
];

/** All diagnostics of the document's current version (cached per version and options). */
export function checkDocument(analysis: DocumentAnalysis, options: CheckOptions): AnalysisDiagnostic[] {
  return analysis.diagnostics(options, () => runChecks(analysis, options));
}

/**
 * Runs the checks on the current version without the cache and reports how long
 * each phase took, in ms (for bench/analysis-phases.ts).
 */
export function checkPhases(analysis: DocumentAnalysis, options: CheckOptions): Map<string, number> {
  const times = new Map<string, number>();
  let t = performance.now();
  analysis.model();
  times.set('model', performance.now() - t);
  t = performance.now();
  analysis.statements();
  times.set('statements', performance.now() - t);
  runChecks(analysis, options, times);
  return times;
}

function runChecks(analysis: DocumentAnalysis, options: CheckOptions, times?: Map<string, number>): AnalysisDiagnostic[] {
  let t = performance.now();
  const out = [...syntaxDiagnostics(analysis, options.locale)];
  const model = analysis.model();
  const ctx: CheckContext = {
    analysis,
    model,
    locale: options.locale,
    targetKernel: options.targetKernel,
    reach: programReach(model),
    hinted: new Set(),
    report: (d) => out.push(d),
    t: (en, zh) => (options.locale === 'zh-CN' ? zh : en),
  };
  times?.set('syntax-errors', performance.now() - t);
  for (const [name, check] of CHECKS) {
    t = performance.now();
    try {
      check(ctx);
    } catch (e) {
      console.error(`bpfls: check ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
    times?.set(name, performance.now() - t);
  }
  return dedupe(out);
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
