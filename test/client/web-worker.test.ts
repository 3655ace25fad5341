/**
 * The browser build sketch: bpfls's server core in a web worker
 * (client/src/web/server-worker.ts, built by `package-extension.mjs --web-only`), started
 * in headless Chromium by a page that speaks JSON-RPC to it over postMessage: initialize,
 * hover on a helper, diagnostics of a broken program. The page reports back to a local
 * HTTP server (127.0.0.1). Skipped with the reason printed when Chromium is not
 * installed (Debian: apt-get install -y chromium).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths.ts';

function findChromium(): string | undefined {
  for (const bin of ['chromium', 'chromium-browser', 'google-chrome']) {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return bin;
  }
  return undefined;
}

const chromium = findChromium();
if (!chromium) console.log('test/client/web-worker.test.ts: SKIPPED: Chromium is not installed (Debian: apt-get install -y chromium).');

/** The page: starts the worker and drives it like an LSP client; posts the outcome to /report. */
const PAGE = `<!doctype html><meta charset="utf-8"><title>bpfls web worker</title><script>
const report = { steps: [] };
const send = (body) => fetch('/report', { method: 'POST', body: JSON.stringify(body) });
window.onerror = (m) => { report.error = String(m); send(report); };
const worker = new Worker('bpfls-worker.js');
worker.onerror = (e) => { report.error = 'worker: ' + e.message; send(report); };
let id = 0;
const pending = new Map();
const diagnostics = {};
const waiters = [];
worker.onmessage = (e) => {
  const m = e.data;
  if (m.id !== undefined && m.method === undefined) { pending.get(m.id)?.(m); pending.delete(m.id); return; }
  if (m.method === 'workspace/configuration') { worker.postMessage({ jsonrpc: '2.0', id: m.id, result: m.params.items.map(() => ({ docsLanguage: 'en' })) }); return; }
  if (m.method === 'client/registerCapability') { worker.postMessage({ jsonrpc: '2.0', id: m.id, result: null }); return; }
  if (m.method === 'textDocument/publishDiagnostics') { diagnostics[m.params.uri] = m.params.diagnostics; waiters.splice(0).forEach((w) => w()); }
};
const request = (method, params) => new Promise((resolve) => { const i = ++id; pending.set(i, resolve); worker.postMessage({ jsonrpc: '2.0', id: i, method, params }); });
const notify = (method, params) => worker.postMessage({ jsonrpc: '2.0', method, params });
const diagnosticsFor = (uri) => new Promise((resolve) => { const check = () => uri in diagnostics ? resolve(diagnostics[uri]) : waiters.push(check); check(); });
(async () => {
  const init = await request('initialize', { processId: null, rootUri: null, locale: 'en', capabilities: { workspace: { configuration: true } } });
  report.serverInfo = init.result && init.result.serverInfo;
  report.initError = init.error;
  notify('initialized', {});
  const good = 'inmemory:/xdp.bpf.c';
  notify('textDocument/didOpen', { textDocument: { uri: good, languageId: 'c', version: 1,
    text: '#include <bpf/bpf_helpers.h>\\nSEC("xdp")\\nint f(struct xdp_md *ctx)\\n{\\n\\treturn bpf_redirect(1, 0);\\n}\\n' } });
  const hover = await request('textDocument/hover', { textDocument: { uri: good }, position: { line: 4, character: 10 } });
  report.hover = hover.result && hover.result.contents && hover.result.contents.value;
  const bad = 'inmemory:/broken.bpf.c';
  notify('textDocument/didOpen', { textDocument: { uri: bad, languageId: 'c', version: 1,
    text: 'SEC("xdp")\\nint f(struct xdp_md *ctx)\\n{\\n\\tint x = 1\\n\\treturn x;\\n}\\n' } });
  report.broken = await diagnosticsFor(bad);
  report.programAt = (await request('bpfls/programAt', { uri: good, position: { line: 4, character: 2 } })).result;
  await send(report);
})().catch((e) => { report.error = String(e && e.stack || e); send(report); });
</script>`;

interface PageReport {
  error?: string;
  serverInfo?: { name: string };
  hover?: string;
  broken?: { severity: number; code?: string; range: { start: { line: number } } }[];
  programAt?: { name: string; programType: string | null; context: string | null } | null;
}

describe.skipIf(!chromium)('bpfls server core in a web worker (headless Chromium)', () => {
  let dir: string;
  let server: Server;
  let browser: ChildProcess | undefined;
  let report: PageReport;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bpfls-web-'));
    const b = spawnSync(process.execPath, [join(ROOT, 'scripts', 'package-extension.mjs'), '--web-only', '--web-out', dir], { encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`web build failed:\n${b.stdout}\n${b.stderr}`);
    let resolveReport!: (r: PageReport) => void;
    const got = new Promise<PageReport>((r) => (resolveReport = r));
    server = createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/report') {
        let body = '';
        req.on('data', (d) => (body += String(d)));
        req.on('end', () => {
          res.end('ok');
          resolveReport(JSON.parse(body) as PageReport);
        });
        return;
      }
      const path = normalize(join(dir, decodeURIComponent((req.url ?? '/').split('?')[0])));
      if (req.url === '/' || req.url === '/index.html') {
        res.setHeader('content-type', 'text/html');
        res.end(PAGE);
        return;
      }
      try {
        if (!path.startsWith(dir) || !statSync(path).isFile()) throw new Error('not found');
        const type = { '.js': 'text/javascript', '.wasm': 'application/wasm' }[extname(path)] ?? 'text/plain';
        res.setHeader('content-type', type);
        res.end(readFileSync(path));
      } catch {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    browser = spawn(
      chromium!,
      [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--disable-extensions',
        `--user-data-dir=${join(dir, 'profile')}`,
        `http://127.0.0.1:${port}/index.html`,
      ],
      // Its own process group, so the cleanup can stop Chromium's helper processes too.
      { stdio: 'ignore', detached: true },
    );
    const timeout = new Promise<PageReport>((_, reject) => setTimeout(() => reject(new Error('no report from the page within 60 s')), 60_000));
    report = await Promise.race([got, timeout]);
  }, 120_000);

  afterAll(async () => {
    if (browser && browser.exitCode === null) {
      const exited = new Promise((r) => browser!.once('exit', r));
      try {
        process.kill(-browser.pid!, 'SIGKILL');
      } catch {
        browser.kill('SIGKILL');
      }
      await exited;
    }
    await new Promise((r) => server?.close(r));
    // Chromium's helpers may still be writing the profile for a moment: retry, and never
    // let a leftover temporary directory fail the suite.
    if (dir) {
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      } catch (e) {
        console.warn(`could not remove ${dir}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  });

  it('initializes without a Node runtime', () => {
    expect(report.error).toBeUndefined();
    expect(report.serverInfo?.name).toBe('bpfls');
  });

  it('answers a hover on a helper', () => {
    expect(report.hover).toContain('bpf_redirect(');
  });

  it('publishes a syntax error for a broken program', () => {
    const syntax = (report.broken ?? []).filter((d) => d.severity === 1 && d.code === 'bpf/syntax');
    expect(syntax.length).toBeGreaterThan(0);
    expect(syntax[0].range.start.line).toBe(3);
  });

  it('answers the custom bpfls/programAt request', () => {
    expect(report.programAt).toMatchObject({ name: 'f', programType: 'xdp' });
  });
});
