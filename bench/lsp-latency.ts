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
import { summarize } from './support/stats.ts';
import { combine, fmt, printTable, ratio, ROWS, type FileSpec, type Figures, type SessionResult } from './support/report.ts';
import { helperCalls, loadHelperFacts, workload, type HelperFacts, type Workload } from './support/workload.ts';

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
    // the executable itself, as users start it, so the node flags of its shebang apply
    if (!opts.cpuProfDir) return { name, command: BPFLS_BIN, args: ['--stdio'], cwd };
    // node refuses --cpu-prof in NODE_OPTIONS: run node with the shebang's flags and the profiler's
    const shebang = readFileSync(BPFLS_BIN, 'utf8').split('\n')[0];
    const words = shebang.split(/\s+/);
    const flags = words.filter((w) => w.startsWith('--'));
    const env = { ...process.env, ...Object.fromEntries(words.filter((w) => /^[A-Z_]+=/.test(w)).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)])) };
    return { name, command: process.execPath, args: [...flags, '--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`, BPFLS_BIN, '--stdio'], cwd, env };
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

async function main(): Promise<number> {
  const facts = loadHelperFacts(ROOT);
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
