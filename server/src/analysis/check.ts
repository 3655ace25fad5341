/**
 * All diagnostics of a document, as plain data: real C syntax errors first, then
 * the BPF checks. The CLI (`bpfls check`) and the language server both call this.
 */
import type { Locale } from '../helpers/schema.ts';
import type { AnalysisDiagnostic } from './diagnostic.ts';
import type { DocumentAnalysis } from './document-analysis.ts';

export interface CheckOptions {
  locale: Locale;
  /** "X.Y": report helpers newer than this kernel. */
  targetKernel?: string;
}

export function checkDocument(analysis: DocumentAnalysis, options: CheckOptions): AnalysisDiagnostic[] {
  return [...syntaxDiagnostics(analysis, options.locale)];
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
