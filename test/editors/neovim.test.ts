/**
 * bpfls in a real editor: headless Neovim runs test/editors/neovim-e2e.lua, which
 * attaches `node server/bin/bpfls.js --stdio` with Neovim's built-in LSP client,
 * hovers on a helper and collects the diagnostics of a broken file; this test
 * checks the report it writes. Skipped (with the reason printed) when `nvim` is
 * not installed; CI installs it (apt-get install -y neovim).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BPFLS_BIN, ROOT } from '../support/paths.ts';

interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
}

interface Report {
  nvim: string;
  api: string;
  ok: boolean;
  errors: string[];
  cmd: string[];
  client_started?: boolean;
  initialized?: boolean;
  server_info?: { name: string; version?: string };
  hover_provider?: boolean;
  hover_position?: { line: number; character: number };
  hover?: { contents: { kind: string; value: string } | string; range?: LspDiagnostic['range'] };
  published: Record<string, LspDiagnostic[]>;
  nvim_diagnostics?: { lnum: number; col: number; severity: number; message: string; source?: string }[];
  uris?: { hover: string; broken: string };
  syntax_error_line?: number;
  server_exit?: { code: number; signal: number };
}

function nvimVersion(): string | undefined {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

const version = nvimVersion();
if (!version) {
  console.log('test/editors/neovim.test.ts: SKIPPED: `nvim` is not installed (Debian: apt-get install -y neovim).');
}

/** Runs the Lua driver in headless Neovim and returns its report. */
function runNeovim(outDir: string, serverCmd?: string[]): { report: Report | undefined; stdout: string; stderr: string; status: number | null } {
  const out = join(outDir, `report-${Date.now()}.json`);
  const r = spawnSync(
    'nvim',
    ['--headless', '--clean', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(ROOT, 'test', 'editors', 'neovim-e2e.lua')}`],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 90_000,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        BPFLS_E2E_ROOT: ROOT,
        BPFLS_E2E_OUT: out,
        BPFLS_E2E_CMD: JSON.stringify(serverCmd ?? [process.execPath, BPFLS_BIN, '--stdio']),
      },
    },
  );
  const report = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Report) : undefined;
  return { report, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe.skipIf(!version)(`bpfls in headless Neovim (${version ?? 'not installed'})`, () => {
  let dir: string;
  let report: Report;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bpfls-nvim-'));
    const run = runNeovim(dir);
    if (!run.report) {
      throw new Error(`Neovim wrote no report (exit ${run.status})\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
    }
    report = run.report;
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('starts the server with Neovim’s LSP client and completes initialize', () => {
    expect(report.errors).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.client_started).toBe(true);
    expect(report.initialized).toBe(true);
    expect(report.server_info?.name).toBe('bpfls');
    expect(report.hover_provider).toBe(true);
  });

  it('answers a hover on a helper call with the helper card', () => {
    const hover = report.hover;
    expect(hover, 'no hover result').toBeDefined();
    const contents = hover!.contents;
    const value = typeof contents === 'string' ? contents : contents.value;
    if (typeof contents !== 'string') expect(contents.kind).toBe('markdown');
    expect(value).toContain('bpf_xdp_adjust_head(struct xdp_md *xdp_md, int delta)');
    expect(value).toMatch(/packet pointer/i);
    // The hover range covers the helper name on the hovered line.
    expect(hover!.range?.start.line).toBe(report.hover_position!.line);
    expect(hover!.range!.start.character).toBeLessThanOrEqual(report.hover_position!.character);
    expect(hover!.range!.end.character).toBeGreaterThan(report.hover_position!.character);
  });

  it('publishes no errors for the clean program', () => {
    const clean = report.published[report.uris!.hover];
    expect(clean, 'no diagnostics were published for the clean file').toBeDefined();
    expect(clean.filter((d) => d.severity === 1)).toEqual([]);
  });

  it('publishes a syntax error at the missing semicolon, and Neovim shows it', () => {
    const broken = report.published[report.uris!.broken];
    expect(broken, 'no diagnostics were published for the broken file').toBeDefined();
    const syntax = broken.filter((d) => d.severity === 1 && d.code === 'bpf/syntax');
    expect(syntax.length).toBeGreaterThan(0);
    expect(syntax[0].range.start.line).toBe(report.syntax_error_line);
    expect(syntax[0].message).toMatch(/;/);
    expect(report.nvim_diagnostics!.some((d) => d.lnum === report.syntax_error_line && d.severity === 1)).toBe(true);
  });

  it('shuts down cleanly when Neovim stops the client', () => {
    expect(report.server_exit).toEqual({ code: 0, signal: 0 });
  });
});
