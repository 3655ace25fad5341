/**
 * LSP latency benchmark: bpfls against clangd (when installed), in the same run, on
 * (a) a small XDP file (examples/ when it has an XDP program, else the LSP test
 * fixture) and (b) a generated ~5,000-line BPF file.
 *
 * For each server and file: initialize time, didOpen -> first publishDiagnostics,
 * hover p50/p95 on helper calls, completion p50/p95 after `bpf_` and inside a
 * flags argument, didChange (one-character edit, insert/delete alternating so the
 * file stays valid) -> next publishDiagnostics p50/p95, and the server's peak RSS
 * (VmHWM). Each session is warmed up first; sessions are repeated and the medians
 * over sessions are quoted. Prints a table, bpfls's floors, and one JSON line.
 *
 *   npx tsx bench/lsp-latency.ts [--repeats N] [--servers bpfls,clangd]
 *                                [--files small,large] [--cpu-prof DIR] [--quick]
 *
 * Everything is bounded (timeouts per wait, a cap per series, a global deadline);
 * both servers are shut down (and killed if needed) at the end.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CompletionItem, CompletionList, Hover, Position } from 'vscode-languageserver-protocol';
import { BenchLspClient, type ServerCommand } from './support/lsp-client.ts';
import { generateLargeBpfFile } from './support/generate-large.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BPFLS_BIN = join(ROOT, 'server', 'bin', 'bpfls.js');
const CLANGD = '/usr/bin/clangd';

// ---------------------------------------------------------------- options

interface Options {
  repeats: number;
  servers: string[];
  files: string[];
  cpuProfDir?: string;
  hovers: number;
  completions: number;
  flagCompletions: number;
  edits: number;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { repeats: 3, servers: ['bpfls', 'clangd'], files: ['small', 'large'], hovers: 200, completions: 100, flagCompletions: 60, edits: 100 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--repeats') o.repeats = Math.max(1, Math.min(20, Number(next()) || 1));
    else if (a === '--servers') o.servers = next().split(',');
    else if (a === '--files') o.files = next().split(',');
    else if (a === '--cpu-prof') o.cpuProfDir = next();
    else if (a === '--quick') Object.assign(o, { repeats: 1, hovers: 40, completions: 20, flagCompletions: 12, edits: 20 });
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

const opts = parseOptions(process.argv.slice(2));

/** Hard limits, so the run always ends by itself. */
const LIMITS = {
  globalMs: 40 * 60_000,
  initializeMs: 60_000,
  firstDiagnostics: { bpfls: 60_000, clangd: 300_000 } as Record<string, number>,
  requestMs: 30_000,
  changeMs: 60_000,
  seriesMs: 180_000,
};

// ---------------------------------------------------------------- statistics

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function median(xs: (number | undefined | null)[]): number | null {
  const v = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  return v.length ? quantile(v, 0.5) : null;
}

interface Series {
  n: number;
  p50: number | null;
  p95: number | null;
  /** Set when the series stopped early (timeout, error, time cap). */
  note?: string;
  /** Median of a size figure per request (items, characters), for sanity. */
  size?: number | null;
}

function summarize(samples: number[], sizes: number[] = [], note?: string): Series {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: s.length ? quantile(s, 0.5) : null, p95: s.length ? quantile(s, 0.95) : null, note, size: sizes.length ? median(sizes) : undefined };
}

// ---------------------------------------------------------------- deterministic choices

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  const rnd = prng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// ---------------------------------------------------------------- the helper facts the positions need

interface HelperFacts {
  names: Set<string>;
  /** helper name -> indexes of its parameters that take flag constants */
  flagParams: Map<string, number[]>;
}

function loadHelperFacts(): HelperFacts {
  const db = JSON.parse(readFileSync(join(ROOT, 'helper-db', 'helpers.json'), 'utf8')) as {
    helpers: { name: string; params: { flags?: { constants: unknown[] } }[] }[];
  };
  const names = new Set<string>();
  const flagParams = new Map<string, number[]>();
  for (const h of db.helpers) {
    names.add(h.name);
    const idx = h.params.flatMap((p, i) => (p.flags && p.flags.constants.length ? [i] : []));
    if (idx.length) flagParams.set(h.name, idx);
  }
  return { names, flagParams };
}

// ---------------------------------------------------------------- positions in a file

class Positions {
  private readonly lineStarts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }
  get lineCount(): number {
    return this.lineStarts.length;
  }
  at(offset: number): Position {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.lineStarts[lo] };
  }
}

interface HelperCall {
  name: string;
  start: number;
  /** Offset of the opening parenthesis. */
  open: number;
}

function helperCalls(text: string, facts: HelperFacts): HelperCall[] {
  const out: HelperCall[] = [];
  for (const m of text.matchAll(/\b(bpf_\w+)(\s*)\(/g)) {
    if (!facts.names.has(m[1])) continue;
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    if (/^\s*(\/\/|\*|\/\*|#)/.test(text.slice(lineStart, m.index))) continue; // comments, preprocessor
    out.push({ name: m[1], start: m.index, open: m.index + m[1].length + m[2].length });
  }
  return out;
}

/** Start offsets of each argument of the call whose `(` is at `open` (nested parentheses skipped). */
function argumentStarts(text: string, open: number): { start: number; end: number }[] {
  const args: { start: number; end: number }[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < text.length && i < open + 2000; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if (c === ')' || (c === ',' && depth === 0)) {
      let s = start;
      while (/\s/.test(text[s])) s++;
      args.push({ start: s, end: i });
      if (c === ')') return args;
      start = i + 1;
    }
  }
  return args;
}

interface Workload {
  hover: Position[];
  completion: Position[];
  flags: Position[];
  /** Lines where a space is inserted at column 0 and then deleted again. */
  editLines: number[];
}

function workload(text: string, facts: HelperFacts, o: Options): Workload {
  const pos = new Positions(text);
  const calls = helperCalls(text, facts);
  if (calls.length === 0) throw new Error('the file has no helper calls to measure hover/completion on');
  // hover: every character of every helper name, shuffled, cycled to the count wanted
  const hoverOffsets = shuffled(
    calls.flatMap((c) => Array.from({ length: c.name.length }, (_, k) => c.start + k)),
    1,
  );
  const hover = Array.from({ length: o.hovers }, (_, i) => pos.at(hoverOffsets[i % hoverOffsets.length]));
  // completion right after `bpf_` of a helper call
  const callOrder = shuffled(calls, 2);
  const completion = Array.from({ length: o.completions }, (_, i) => pos.at(callOrder[i % callOrder.length].start + 4));
  // completion inside a flags argument: at its start and after 1..4 typed characters
  const flagOffsets: number[] = [];
  for (const c of calls) {
    const idx = facts.flagParams.get(c.name);
    if (!idx) continue;
    const args = argumentStarts(text, c.open);
    for (const i of idx) {
      const a = args[i];
      if (!a) continue;
      const word = /^[A-Za-z_0-9]*/.exec(text.slice(a.start, a.end))![0];
      const typed = /^[A-Za-z_]/.test(word) ? Math.min(4, word.length) : 0;
      for (let k = 0; k <= typed; k++) flagOffsets.push(a.start + k);
    }
  }
  const flagOrder = shuffled(flagOffsets, 3);
  const flags = flagOrder.length ? Array.from({ length: o.flagCompletions }, (_, i) => pos.at(flagOrder[i % flagOrder.length])) : [];
  // edits: spread over the file (golden-ratio steps), one line per insert/delete pair
  const pairs = Math.ceil(o.edits / 2);
  const editLines = Array.from({ length: pairs }, (_, i) => Math.floor(((i * 0.6180339887) % 1) * (pos.lineCount - 1)));
  return { hover, completion, flags, editLines };
}

// ---------------------------------------------------------------- the servers

function clangdVersion(): string | undefined {
  try {
    return execFileSync(CLANGD, ['--version'], { encoding: 'utf8', timeout: 10_000 }).split('\n')[0].trim();
  } catch {
    return undefined;
  }
}

function serverCommand(name: string, cwd: string): ServerCommand {
  if (name === 'bpfls') {
    const nodeArgs = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [];
    return { name, command: process.execPath, args: [...nodeArgs, BPFLS_BIN, '--stdio'], cwd };
  }
  // clangd as users run it; only its log is quieted
  return { name, command: CLANGD, args: ['--log=error'], cwd };
}

/** Multiarch include dir and __TARGET_ARCH_ for this machine's kernel headers. */
function targetArch(): { multiarch: string; arch: string } {
  if (process.arch === 'arm64') return { multiarch: 'aarch64-linux-gnu', arch: 'arm64' };
  return { multiarch: 'x86_64-linux-gnu', arch: 'x86' };
}

function availableCpus(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

// ---------------------------------------------------------------- one session

interface SessionResult {
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

const live = new Set<BenchLspClient>();
const deadline = Date.now() + LIMITS.globalMs;
const now = () => performance.now();

/** Runs `fn` for each item, timed, until done, `capMs` passed or the global deadline. */
async function timedSeries<T>(
  items: T[],
  capMs: number,
  fn: (item: T, i: number) => Promise<number | undefined>,
): Promise<{ samples: number[]; sizes: number[]; note?: string }> {
  const samples: number[] = [];
  const sizes: number[] = [];
  const stopAt = Math.min(Date.now() + capMs, deadline);
  for (let i = 0; i < items.length; i++) {
    if (Date.now() > stopAt) return { samples, sizes, note: `stopped after ${i} of ${items.length} (time cap)` };
    const t0 = now();
    try {
      const size = await fn(items[i], i);
      samples.push(now() - t0);
      if (size !== undefined) sizes.push(size);
    } catch (e) {
      return { samples, sizes, note: `stopped after ${i} of ${items.length}: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  return { samples, sizes };
}

function hoverSize(h: Hover | null): number {
  if (!h) return 0;
  const c = h.contents as unknown;
  if (typeof c === 'string') return c.length;
  if (Array.isArray(c)) return c.reduce((n: number, x: unknown) => n + (typeof x === 'string' ? x.length : (x as { value: string }).value.length), 0);
  return (c as { value: string }).value.length;
}

function itemsOf(r: CompletionList | CompletionItem[] | null): CompletionItem[] {
  return !r ? [] : Array.isArray(r) ? r : r.items;
}

async function session(server: string, fileName: string, path: string, text: string, work: Workload, rootUri: string, cwd: string): Promise<SessionResult> {
  const notes: string[] = [];
  const uri = pathToFileURL(path).href;
  const res: SessionResult = {
    server,
    file: fileName,
    initializeMs: null,
    firstDiagnosticsMs: null,
    hover: summarize([]),
    completion: summarize([]),
    flagCompletion: summarize([]),
    change: summarize([]),
    peakRssKb: null,
    notes,
  };
  const t0 = now();
  const client = await BenchLspClient.start(serverCommand(server, cwd), { rootUri, locale: 'en', timeoutMs: LIMITS.initializeMs });
  live.add(client);
  try {
    res.initializeMs = now() - t0;
    const t1 = now();
    try {
      const d = await client.open(uri, text, LIMITS.firstDiagnostics[server] ?? 60_000);
      res.firstDiagnosticsMs = now() - t1;
      res.firstDiagnosticsCount = d.diagnostics.length;
    } catch (e) {
      notes.push(`first diagnostics never came (${e instanceof Error ? e.message : String(e)})`);
    }

    const hover = (p: Position) => client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: p }, LIMITS.requestMs);
    const complete = async (p: Position) =>
      itemsOf(await client.request<CompletionList | CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position: p }, LIMITS.requestMs));
    // One-character edits that keep the file valid: a space inserted at column 0 of a
    // line, then deleted again from that same line; successive pairs use other lines.
    let edits = 0;
    let inserted: number | undefined;
    const editStep = async () => {
      let change;
      if (inserted === undefined) {
        const line = work.editLines[Math.floor(edits / 2) % work.editLines.length];
        change = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' };
        inserted = line;
      } else {
        change = { range: { start: { line: inserted, character: 0 }, end: { line: inserted, character: 1 } }, text: '' };
        inserted = undefined;
      }
      const d = await client.change(uri, [change], LIMITS.changeMs);
      edits++;
      return d;
    };

    // warm-up (not measured): JIT, caches, clangd's preamble and first AST
    try {
      for (let i = 0; i < 20; i++) await hover(work.hover[i % work.hover.length]);
      for (let i = 0; i < 10; i++) await complete(work.completion[i % work.completion.length]);
      for (let i = 0; i < Math.min(10, work.flags.length); i++) await complete(work.flags[i]);
      for (let i = 0; i < 6; i++) await editStep();
    } catch (e) {
      notes.push(`warm-up failed: ${e instanceof Error ? e.message : String(e)}`);
    }

    const h = await timedSeries(work.hover, LIMITS.seriesMs, async (p) => hoverSize(await hover(p)));
    res.hover = summarize(h.samples, h.sizes, h.note);
    const c = await timedSeries(work.completion, LIMITS.seriesMs, async (p) => (await complete(p)).length);
    res.completion = summarize(c.samples, c.sizes, c.note);
    const f = await timedSeries(work.flags, LIMITS.seriesMs, async (p) => (await complete(p)).length);
    res.flagCompletion = summarize(f.samples, f.sizes, f.note);
    // edits: insert a space at column 0 of a line, then delete it (the file stays valid)
    const changeItems = Array.from({ length: opts.edits }, (_, i) => i);
    const ch = await timedSeries(changeItems, LIMITS.seriesMs, async () => (await editStep()).diagnostics.length);
    res.change = summarize(ch.samples, ch.sizes, ch.note);
    if (inserted !== undefined) notes.push('the last insert was not undone (series stopped early)');
    for (const s of [h, c, f, ch]) if (s.note) notes.push(s.note);
    res.peakRssKb = client.memoryKb().hwm ?? null;
  } finally {
    await client.stop();
    live.delete(client);
  }
  return res;
}

// ---------------------------------------------------------------- the run

interface FileSpec {
  name: 'small' | 'large';
  label: string;
  path: string;
  text: string;
}

/** The XDP example with the most calls of flags-taking helpers, then of helpers (ties: by name), else the LSP test fixture. */
function smallSource(facts: HelperFacts): { path: string; why: string } {
  const ex = join(ROOT, 'examples');
  if (existsSync(ex)) {
    const candidates = readdirSync(ex)
      .filter((f) => f.endsWith('.c'))
      .sort()
      .map((f) => ({ f, text: readFileSync(join(ex, f), 'utf8') }))
      .filter((c) => /SEC\(\s*"xdp/.test(c.text))
      .map((c) => {
        const calls = helperCalls(c.text, facts);
        return { f: c.f, calls: calls.length, flagCalls: calls.filter((k) => facts.flagParams.has(k.name)).length };
      })
      .filter((c) => c.calls > 0)
      .sort((a, b) => b.flagCalls - a.flagCalls || b.calls - a.calls || a.f.localeCompare(b.f));
    const best = candidates[0];
    if (best) return { path: join(ex, best.f), why: `examples/${best.f} (XDP example with the most flags-taking, then any, helper calls: ${best.calls} calls)` };
  }
  return { path: join(ROOT, 'test/fixtures/lsp/xdp_features.bpf.c'), why: 'test/fixtures/lsp/xdp_features.bpf.c (examples/ has no XDP program)' };
}

/** Copies the small file and the local headers it includes (`#include "x.h"`) into the work dir. */
function copyWithLocalIncludes(from: string, toDir: string): string {
  const text = readFileSync(from, 'utf8');
  const dest = join(toDir, from.split('/').pop()!);
  writeFileSync(dest, text);
  for (const m of text.matchAll(/^\s*#\s*include\s+"([^"]+)"/gm)) {
    const src = join(dirname(from), m[1]);
    if (existsSync(src)) {
      mkdirSync(dirname(join(toDir, m[1])), { recursive: true });
      copyFileSync(src, join(toDir, m[1]));
    }
  }
  return dest;
}

const fmt = (v: number | null | undefined, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(digits));
const ratio = (a: number | null | undefined, b: number | null | undefined) => (a != null && b != null && b > 0 ? a / b : null);

interface Figures {
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

function combine(rs: SessionResult[]): Figures {
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

const ROWS: [string, keyof Figures, number][] = [
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

function printTable(files: FileSpec[], figures: Record<string, Record<string, Figures>>, servers: string[]): void {
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

async function main(): Promise<number> {
  const facts = loadHelperFacts();
  const clangdVer = existsSync(CLANGD) ? clangdVersion() : undefined;
  const servers = opts.servers.filter((s) => s === 'bpfls' || (s === 'clangd' && clangdVer));
  if (opts.servers.includes('clangd') && !clangdVer) console.log('clangd is not installed: measuring bpfls alone (no ratios).');
  if (!existsSync(join(ROOT, 'server', 'out', 'bpfls.cjs'))) {
    console.error('bpfls is not built: run `node scripts/build.mjs` first.');
    return 2;
  }

  // one temp workspace for both servers, with the flags that make clangd parse BPF C
  const work = mkdtempSync(join(tmpdir(), 'bpfls-lsp-bench-'));
  const { multiarch, arch } = targetArch();
  const flags = ['-target', 'bpf', `-D__TARGET_ARCH_${arch}`, `-I/usr/include/${multiarch}`, '-O2'];
  writeFileSync(join(work, 'compile_flags.txt'), flags.join('\n') + '\n');
  const small = smallSource(facts);
  const smallPath = copyWithLocalIncludes(small.path, work);
  const largeText = generateLargeBpfFile(5000);
  const largePath = join(work, 'generated_large.bpf.c');
  writeFileSync(largePath, largeText);
  const files: FileSpec[] = [
    { name: 'small' as const, label: small.why, path: smallPath, text: readFileSync(smallPath, 'utf8') },
    { name: 'large' as const, label: `generated, ${largeText.split('\n').length} lines`, path: largePath, text: largeText },
  ].filter((f) => opts.files.includes(f.name));
  const rootUri = pathToFileURL(work).href;

  console.log(`LSP latency: ${servers.join(' vs ')}; ${opts.repeats} session(s) per server and file, medians over sessions`);
  console.log(`  node ${process.version}; ${clangdVer ?? 'no clangd'}; clangd flags: ${flags.join(' ')}`);
  const loadBefore = loadavg().map((x) => Number(x.toFixed(2)));
  console.log(`  load average at start: ${loadBefore.join(' ')} (${availableCpus()} CPUs)`);
  for (const f of files) console.log(`  ${f.name}: ${f.label}`);

  const results: SessionResult[] = [];
  try {
    for (const f of files) {
      const w = workload(f.text, facts, opts);
      console.log(`  ${f.name}: ${w.hover.length} hovers, ${w.completion.length} completions after bpf_, ${w.flags.length} in flags arguments, ${opts.edits} edits`);
      for (let r = 0; r < opts.repeats; r++) {
        const order = r % 2 === 0 ? servers : [...servers].reverse();
        for (const s of order) {
          if (Date.now() > deadline) {
            console.log(`  global deadline reached; skipping ${s} on ${f.name}`);
            continue;
          }
          const t = Date.now();
          try {
            const res = await session(s, f.name, f.path, f.text, w, rootUri, work);
            results.push(res);
            console.log(
              `  [${f.name} #${r + 1}] ${s.padEnd(6)} ${((Date.now() - t) / 1000).toFixed(1)}s  open ${fmt(res.firstDiagnosticsMs)}ms  hover p95 ${fmt(res.hover.p95, 2)}  compl p95 ${fmt(res.completion.p95, 2)}  change p50 ${fmt(res.change.p50, 2)}  HWM ${fmt((res.peakRssKb ?? NaN) / 1024)}MB${res.notes.length ? `  (${res.notes.join('; ')})` : ''}`,
            );
          } catch (e) {
            console.log(`  [${f.name} #${r + 1}] ${s}: session failed: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
      }
    }
  } finally {
    for (const c of live) c.kill();
    rmSync(work, { recursive: true, force: true });
  }

  const figures: Record<string, Record<string, Figures>> = {};
  for (const f of files) {
    figures[f.name] = {};
    for (const s of servers) {
      const rs = results.filter((r) => r.file === f.name && r.server === s);
      if (rs.length) figures[f.name][s] = combine(rs);
    }
  }

  const loadAfter = loadavg().map((x) => Number(x.toFixed(2)));
  console.log(`  load average at end: ${loadAfter.join(' ')}`);
  console.log('');
  printTable(files, figures, servers);
  if (servers.includes('clangd')) console.log("  (clangd's didChange -> diagnostics includes its own adaptive update debounce, at least 50 ms)");
  for (const f of files) for (const s of servers) for (const n of figures[f.name]?.[s]?.notes ?? []) console.log(`  note (${f.name}, ${s}): ${n}`);

  // bpfls's floors, on the 5,000-line file
  const big = figures.large?.bpfls;
  const cl = figures.large?.clangd;
  const floors = big
    ? [
        { floor: 'hover p95 <= 2 ms', value: big.hoverP95, met: big.hoverP95 !== null && big.hoverP95 <= 2 },
        {
          floor: 'completion p95 <= 10 ms (after bpf_ and in flags args)',
          value: Math.max(big.completionP95 ?? Infinity, big.flagsCompletionP95 ?? 0),
          met: big.completionP95 !== null && Math.max(big.completionP95, big.flagsCompletionP95 ?? 0) <= 10,
        },
        { floor: 'didChange -> diagnostics p50 <= 20 ms', value: big.changeP50, met: big.changeP50 !== null && big.changeP50 <= 20 },
        {
          floor: 'peak RSS <= 0.7x clangd',
          value: ratio(big.peakRssMb, cl?.peakRssMb),
          met: cl ? (ratio(big.peakRssMb, cl.peakRssMb) ?? Infinity) <= 0.7 : null,
        },
      ]
    : [];
  if (floors.length) {
    console.log('\nbpfls floors (5,000-line file):');
    for (const f of floors) console.log(`  ${f.met === null ? 'n/a ' : f.met ? 'MET ' : 'MISS'}  ${f.floor}: ${fmt(f.value, 2)}`);
  }

  const ratios: Record<string, Record<string, number | null>> = {};
  for (const f of files) {
    const b = figures[f.name]?.bpfls;
    const c = figures[f.name]?.clangd;
    if (!b || !c) continue;
    ratios[f.name] = {};
    for (const [, key] of ROWS) ratios[f.name][key] = ratio(b[key] as number | null, c[key] as number | null);
  }
  console.log(
    'JSON ' +
      JSON.stringify({
        bench: 'lsp-latency',
        node: process.version,
        clangd: clangdVer ?? null,
        repeats: opts.repeats,
        cpus: availableCpus(),
        loadavg: { start: loadBefore, end: loadAfter },
        files: Object.fromEntries(files.map((f) => [f.name, f.label])),
        figures,
        ratios,
        floors,
      }),
  );
  return 0;
}

// A watchdog for the whole run: whatever happens, the servers die and the process ends.
const watchdog = setTimeout(() => {
  console.error('lsp-latency: global deadline passed; killing the servers');
  for (const c of live) c.kill();
  process.exit(3);
}, LIMITS.globalMs + 60_000);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    for (const c of live) c.kill();
    process.exit(130);
  });
}

main()
  .then((code) => {
    clearTimeout(watchdog);
    process.exit(code);
  })
  .catch((e) => {
    console.error(e);
    for (const c of live) c.kill();
    process.exit(1);
  });
