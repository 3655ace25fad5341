/** The LSP latency benchmark's results: per-session figures, their medians, and the table it prints. */
import { median, type Series } from './stats.ts';

export interface SessionResult {
  server: string;
  file: string;
  initializeMs: number | null;
  firstDiagnosticsMs: number | null;
  firstDiagnosticsCount?: number;
  hover: Series;
  completion: Series;
  flagCompletion: Series;
  change: Series;
  peakRssKb: number | null;
  notes: string[];
}

export interface FileSpec {
  name: 'small' | 'large';
  label: string;
  path: string;
  text: string;
}

export const fmt = (v: number | null | undefined, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(digits));
export const ratio = (a: number | null | undefined, b: number | null | undefined) => (a != null && b != null && b > 0 ? a / b : null);

export interface Figures {
  initializeMs: number | null;
  firstDiagnosticsMs: number | null;
  firstDiagnosticsCount: number | null;
  hoverP50: number | null;
  hoverP95: number | null;
  completionP50: number | null;
  completionP95: number | null;
  flagsCompletionP50: number | null;
  flagsCompletionP95: number | null;
  changeP50: number | null;
  changeP95: number | null;
  peakRssMb: number | null;
  sessions: number;
  completionItems: number | null;
  flagsItems: number | null;
  hoverChars: number | null;
  notes: string[];
}

export function combine(rs: SessionResult[]): Figures {
  return {
    initializeMs: median(rs.map((r) => r.initializeMs)),
    firstDiagnosticsMs: median(rs.map((r) => r.firstDiagnosticsMs)),
    firstDiagnosticsCount: median(rs.map((r) => r.firstDiagnosticsCount)),
    hoverP50: median(rs.map((r) => r.hover.p50)),
    hoverP95: median(rs.map((r) => r.hover.p95)),
    completionP50: median(rs.map((r) => r.completion.p50)),
    completionP95: median(rs.map((r) => r.completion.p95)),
    flagsCompletionP50: median(rs.map((r) => r.flagCompletion.p50)),
    flagsCompletionP95: median(rs.map((r) => r.flagCompletion.p95)),
    changeP50: median(rs.map((r) => r.change.p50)),
    changeP95: median(rs.map((r) => r.change.p95)),
    peakRssMb: (() => {
      const m = median(rs.map((r) => r.peakRssKb));
      return m === null ? null : m / 1024;
    })(),
    sessions: rs.length,
    completionItems: median(rs.map((r) => r.completion.size)),
    flagsItems: median(rs.map((r) => r.flagCompletion.size)),
    hoverChars: median(rs.map((r) => r.hover.size)),
    notes: [...new Set(rs.flatMap((r) => r.notes))],
  };
}

export const ROWS: [string, keyof Figures, number][] = [
  ['initialize (ms)', 'initializeMs', 1],
  ['didOpen -> first diagnostics (ms)', 'firstDiagnosticsMs', 1],
  ['hover p50 (ms)', 'hoverP50', 2],
  ['hover p95 (ms)', 'hoverP95', 2],
  ['completion after bpf_ p50 (ms)', 'completionP50', 2],
  ['completion after bpf_ p95 (ms)', 'completionP95', 2],
  ['completion in flags arg p50 (ms)', 'flagsCompletionP50', 2],
  ['completion in flags arg p95 (ms)', 'flagsCompletionP95', 2],
  ['didChange -> diagnostics p50 (ms)', 'changeP50', 2],
  ['didChange -> diagnostics p95 (ms)', 'changeP95', 2],
  ['peak RSS, VmHWM (MB)', 'peakRssMb', 1],
  ['completion items (median)', 'completionItems', 0],
  ['flags completion items (median)', 'flagsItems', 0],
  ['diagnostics after open (count)', 'firstDiagnosticsCount', 0],
  ['hover text chars (median)', 'hoverChars', 0],
];

export function printTable(files: FileSpec[], figures: Record<string, Record<string, Figures>>, servers: string[]): void {
  const cols: string[] = ['metric'];
  for (const f of files) {
    for (const s of servers) cols.push(`${f.name}: ${s}`);
    if (servers.includes('bpfls') && servers.includes('clangd')) cols.push(`${f.name}: ratio`);
  }
  const rows: string[][] = [];
  for (const [label, key, digits] of ROWS) {
    const row = [label];
    for (const f of files) {
      for (const s of servers) row.push(fmt(figures[f.name]?.[s]?.[key] as number | null, digits));
      if (servers.includes('bpfls') && servers.includes('clangd')) {
        row.push(fmt(ratio(figures[f.name]?.bpfls?.[key] as number | null, figures[f.name]?.clangd?.[key] as number | null), 2));
      }
    }
    rows.push(row);
  }
  const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(cols));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}
