/**
 * bpfls in a real editor: headless Neovim runs test/editors/neovim-e2e.lua, which
 * attaches `node server/bin/bpfls.js --stdio` with Neovim's built-in LSP client,
 * hovers on a helper and collects the diagnostics of a broken file; this test
 * checks the report it writes. Skipped (with the reason printed) when `nvim` is
 * not installed; CI installs it (apt-get install -y neovim).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
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

/** [major, minor] of "NVIM v0.7.2". */
function versionOf(line: string): [number, number] {
  const m = /v(\d+)\.(\d+)/.exec(line);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/** The ```lua blocks of docs/editors.md, in order. */
function docsLuaBlocks(): string[] {
  const md = readFileSync(join(ROOT, 'docs', 'editors.md'), 'utf8');
  return [...md.matchAll(/```lua\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/**
 * The documented setup for this Neovim version: an init file (and, for 0.11+, the
 * lsp/bpfls.lua config file) built from docs/editors.md as written there.
 */
function documentedSetup(dir: string, major: number, minor: number): string {
  const [config011, enable011, start08, start07] = docsLuaBlocks();
  const isBpf = /local function is_bpf\(bufnr\)\n[\s\S]*?\nend\n/.exec(config011)?.[0];
  if (!isBpf || !enable011 || !start08 || !start07) throw new Error('docs/editors.md: the Neovim blocks are not where the test expects them');
  const init = join(dir, 'init.lua');
  const lines = ["vim.cmd('filetype on')"];
  if (major > 0 || minor >= 11) {
    mkdirSync(join(dir, 'config', 'lsp'), { recursive: true });
    writeFileSync(join(dir, 'config', 'lsp', 'bpfls.lua'), config011);
    lines.push(`vim.opt.runtimepath:prepend(${JSON.stringify(join(dir, 'config'))})`, enable011);
  } else if (minor >= 8) {
    lines.push(isBpf, start08.replace(/^local function is_bpf\(bufnr\).*\n/m, ''));
  } else {
    lines.push(isBpf, start07);
  }
  writeFileSync(init, lines.join('\n'));
  return init;
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
    if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
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

interface DocsReport {
  ok: boolean;
  errors: string[];
  attached: { by_name?: boolean; by_content?: boolean; plain?: boolean };
  hover?: string;
}

describe.skipIf(!version)(`the Neovim setup of docs/editors.md (${version ?? 'not installed'})`, () => {
  let dir: string;
  let report: DocsReport;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bpfls-nvim-docs-'));
    const [major, minor] = versionOf(version!);
    const init = documentedSetup(dir, major, minor);
    const bin = join(dir, 'bin');
    const work = join(dir, 'work');
    mkdirSync(bin);
    mkdirSync(work);
    writeFileSync(join(bin, 'bpfls'), `#!/bin/sh\nexec "${process.execPath}" "${BPFLS_BIN}" "$@"\n`);
    chmodSync(join(bin, 'bpfls'), 0o755);
    writeFileSync(join(work, 'main.c'), '#include <stdio.h>\n\nint main(void)\n{\n\treturn 0;\n}\n');
    writeFileSync(
      join(work, 'prog.c'),
      '#include <vmlinux.h>\n#include <bpf/bpf_helpers.h>\n\nSEC("kprobe/do_unlinkat")\nint probe(void *ctx) { return bpf_get_current_pid_tgid() & 1; }\n',
    );
    const out = join(dir, 'report.json');
    const r = spawnSync('nvim', ['--headless', '--clean', '-u', init, '-i', 'NONE', '-n', '-c', `luafile ${join(ROOT, 'test', 'editors', 'neovim-docs.lua')}`], {
      cwd: work,
      encoding: 'utf8',
      timeout: 90_000,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
        XDG_CONFIG_HOME: join(dir, 'xdg-config'),
        XDG_DATA_HOME: join(dir, 'xdg-data'),
        XDG_STATE_HOME: join(dir, 'xdg-state'),
        BPFLS_E2E_ROOT: ROOT,
        BPFLS_E2E_OUT: out,
        BPFLS_E2E_WORK: work,
      },
    });
    if (!existsSync(out)) throw new Error(`Neovim wrote no report (exit ${r.status})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    report = JSON.parse(readFileSync(out, 'utf8')) as DocsReport;
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  });

  it('attaches bpfls to BPF C by name and by content, and not to plain C', () => {
    expect(report.errors).toEqual([]);
    expect(report.attached).toEqual({ by_name: true, by_content: true, plain: false });
  });

  it('serves a hover through the documented client', () => {
    expect(report.hover).toContain('bpf_get_current_pid_tgid(');
  });
});

