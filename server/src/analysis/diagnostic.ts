/** A diagnostic as plain data: offsets into the document's text, no LSP types. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RelatedLocation {
  /** Absolute file path when it is another file; undefined for the same document. */
  path?: string;
  start: number;
  end: number;
  message: string;
}

export interface TextEditData {
  start: number;
  end: number;
  newText: string;
}

export interface QuickFixData {
  title: string;
  edits: TextEditData[];
}

export interface AnalysisDiagnostic {
  /** Stable code, e.g. "bpf/syntax", "bpf/stale-packet-pointer". */
  code: string;
  severity: Severity;
  start: number;
  end: number;
  message: string;
  related?: RelatedLocation[];
  /** Quick fixes offered for this diagnostic. */
  fixes?: QuickFixData[];
  data?: unknown;
  /** Report only the first diagnostic (in text order) with this key in a file. */
  once?: string;
}
