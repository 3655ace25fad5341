/**
 * Where bpfls's memory goes: starts the real server the way users do (the
 * `server/bin/bpfls.js --stdio` executable, so its shebang flags apply), drives it
 * over LSP stage by stage, and after each stage reads /proc/<pid>/status (VmRSS, and
 * VmHWM, the peak so far; RssFile is mostly the node binary) and the server's own process.memoryUsage() (through a
 * preloaded probe, bench/support/mem-probe.mjs). A bare `node` is measured first for
 * reference. Prints one table and one JSON line.
 *
 *   npx tsx bench/memory-profile.ts [--lines 5000] [--edits 40] [--node-args "--max-semi-space-size=2"]
 *
 * --node-args runs the bin as `node <args> bpfls.js --stdio` instead (its shebang flags
 * then do not apply), to compare V8 settings.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Hover } from 'vscode-languageserver-protocol';
import { BenchLspClient, withTimeout } from './support/lsp-client.ts';
import { generateLargeBpfFile } from './support/generate-large.ts';
import { loadHelperFacts, workload } from './support/workload.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'server', 'bin', 'bpfls.js');
const PROBE = pathToFileURL(join(ROOT, 'bench', 'support', 'mem-probe.mjs')).href;

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}
const LINES = Number(option('lines', '5000'));
const EDITS = Number(option('edits', '40'));
const NODE_ARGS = option('node-args', '');
const env = { ...process.env, NODE_OPTIONS: `--import=${PROBE}` };

interface Row {
  stage: string;
  rssKb?: number;
  hwmKb?: number;
  anonKb?: number;
  fileKb?: number;
  heapUsed?: number;
  heapTotal?: number;
  external?: number;
  arrayBuffers?: number;
  newSpace?: number;
}

function status(pid: number): { rss?: number; hwm?: number; anon?: number; file?: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1]) || undefined;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM'), anon: kb('RssAnon'), file: kb('RssFile') };
  } catch {
    return {};
  }
}

/** Asks the probe in `proc` for process.memoryUsage() (SIGUSR2 -> one stderr line). */
function probe(proc: import('node:child_process').ChildProcess): Promise<Record<string, number> & { spaces: Record<string, number> }> {
  return withTimeout(
    new Promise((resolve) => {
      let buf = '';
      const onData = (d: Buffer) => {
        buf += String(d);
        const m = /MEMPROBE (\{.*\})\n/.exec(buf);
        if (!m) return;
        proc.stderr!.off('data', onData);
        resolve(JSON.parse(m[1]));
      };
      proc.stderr!.on('data', onData);
      proc.kill('SIGUSR2');
    }),
    10_000,
    'memory probe',
  );
}

async function sample(stage: string, proc: import('node:child_process').ChildProcess): Promise<Row> {
  const st = status(proc.pid!);
  const m = await probe(proc);
  return { stage, rssKb: st.rss, hwmKb: st.hwm, anonKb: st.anon, fileKb: st.file, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, newSpace: m.spaces.new_space };
}

/** A bare node with the probe, idle. */
async function bareNode(): Promise<Row> {
  const proc = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    await new Promise((r) => setTimeout(r, 500));
    return await sample('bare node', proc);
  } finally {
    proc.kill('SIGKILL');
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [await bareNode()];
  const dir = mkdtempSync(join(tmpdir(), 'bpfls-mem-'));
  const text = generateLargeBpfFile(LINES);
  const path = join(dir, 'generated_large.bpf.c');
  writeFileSync(path, text);
  const uri = pathToFileURL(path).href;
  const client = await BenchLspClient.start(
    NODE_ARGS
      ? { name: 'bpfls', command: process.execPath, args: [...NODE_ARGS.split(' '), BIN, '--stdio'], cwd: dir, env }
      : { name: 'bpfls', command: BIN, args: ['--stdio'], cwd: dir, env },
    {
      rootUri: pathToFileURL(dir).href,
      locale: 'en',
      // Any answer (an error, before initialize) means the bundle is loaded and listening.
      beforeInitialize: async (c) => {
        await c.request('bpfls/ping', {}, 30_000).catch(() => undefined);
        rows.push(await sample('bundle loaded', c.proc));
      },
    },
  );
  try {
    rows.push(await sample('initialized (grammar)', client.proc));
    await client.request('bpfls/helperDoc', { name: 'bpf_map_lookup_elem' }, 30_000);
    rows.push(await sample('helper-db loaded', client.proc));
    await client.open(uri, text, 120_000);
    rows.push(await sample(`large file opened (${text.split('\n').length} lines, diagnostics)`, client.proc));
    const w = workload(text, loadHelperFacts(ROOT), { hovers: 40, completions: 20, flagCompletions: 12, edits: EDITS });
    for (const p of w.hover) await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: p }, 30_000);
    for (const p of [...w.completion, ...w.flags]) await client.request('textDocument/completion', { textDocument: { uri }, position: p }, 30_000);
    rows.push(await sample(`hovers and completions (${w.hover.length + w.completion.length + w.flags.length})`, client.proc));
    for (let i = 0; i < EDITS; i++) {
      const line = w.editLines[Math.floor(i / 2) % w.editLines.length];
      const range = { start: { line, character: 0 }, end: { line, character: i % 2 } };
      await client.change(uri, [{ range, text: i % 2 ? '' : ' ' }], 60_000);
    }
    rows.push(await sample(`${EDITS} edits (diagnostics each)`, client.proc));
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const mb = (x?: number, unit = 1024 * 1024) => (x === undefined ? '-' : (x / unit).toFixed(1));
  console.log(`bpfls memory profile: node ${process.version}${NODE_ARGS ? `; node ${NODE_ARGS} bpfls.js` : '; the bin as is'} (MB)`);
  const head = ['stage', 'VmRSS', 'VmHWM', 'RssFile', 'RssAnon', 'heapUsed', 'heapTotal', 'newSpace', 'external', 'arrayBufs'];
  const table = rows.map((r) => [r.stage, mb(r.rssKb, 1024), mb(r.hwmKb, 1024), mb(r.fileKb, 1024), mb(r.anonKb, 1024), mb(r.heapUsed), mb(r.heapTotal), mb(r.newSpace), mb(r.external), mb(r.arrayBuffers)]);
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
  for (const line of [head, ...table]) console.log(line.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
  console.log('JSON ' + JSON.stringify({ bench: 'memory-profile', node: process.version, nodeArgs: NODE_ARGS, rows }));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
