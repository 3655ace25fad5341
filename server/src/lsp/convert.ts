/** Conversions between analysis data (offsets) and LSP types (positions, ranges). All in one place. */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Range,
} from 'vscode-languageserver/node';
import type { AnalysisDiagnostic } from '../analysis/diagnostic.ts';

export function rangeOf(doc: TextDocument, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

const SEVERITY: Record<AnalysisDiagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(doc: TextDocument, d: AnalysisDiagnostic, uriOf: (path?: string) => string): Diagnostic {
  const related: DiagnosticRelatedInformation[] = (d.related ?? []).map((r) => ({
    location: { uri: uriOf(r.path), range: rangeOf(doc, r.start, r.end) },
    message: r.message,
  }));
  return {
    range: rangeOf(doc, d.start, d.end),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'bpfls',
    message: d.message,
    ...(related.length ? { relatedInformation: related } : {}),
    ...(d.data !== undefined ? { data: d.data } : {}),
  };
}
