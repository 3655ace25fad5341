/** The result of `bpfls check` on several files, as plain data with 0-based LSP positions. */
import type { AnalysisDiagnostic } from '../../analysis/diagnostic.ts';

export interface ReportPosition {
  line: number;
  character: number;
}

export interface ReportDiagnostic {
  range: { start: ReportPosition; end: ReportPosition };
  severity: AnalysisDiagnostic['severity'];
  code: string;
  message: string;
  related?: { path: string; range: { start: ReportPosition; end: ReportPosition }; message: string }[];
}

export interface FileReport {
  path: string;
  diagnostics: ReportDiagnostic[];
}

export interface CheckReport {
  files: FileReport[];
}

export function countBySeverity(report: CheckReport): Record<AnalysisDiagnostic['severity'], number> {
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of report.files) for (const d of f.diagnostics) counts[d.severity]++;
  return counts;
}
