/**
 * bpfls in a real Emacs with eglot, set up with the Emacs snippet of docs/editors.md
 * exactly as written there (so the documentation is tested too), and a `bpfls` command
 * on PATH that runs this repository's server. Skipped (with the reason printed) when
 * Emacs or eglot is missing (Debian: apt-get install -y emacs-nox elpa-eglot).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BPFLS_BIN, ROOT } from '../support/paths.ts';

interface LspDiagnostic {
  range: { start: { line: number; character: number } };
  severity?: number;
  code?: string;
  message: string;
}

interface Report {
  emacs: string;
  ok?: boolean;
  errors: string[];
  mode?: string;
  broken_mode?: string;
  server_name?: string;
  hover?: string;
  clean_diagnostics?: LspDiagnostic[];
  broken_diagnostics?: LspDiagnostic[];
  syntax_error_line?: number;
}

function emacsWithEglot(): string | undefined {
  const v = spawnSync('emacs', ['--version'], { encoding: 'utf8' });
  if (v.status !== 0) {
    console.log('test/editors/emacs.test.ts: SKIPPED: `emacs` is not installed (Debian: apt-get install -y emacs-nox elpa-eglot).');
    return undefined;
  }
  const e = spawnSync('emacs', ['--batch', '--no-init-file', '--eval', "(require 'eglot)"], { encoding: 'utf8' });
  if (e.status !== 0) {
    console.log('test/editors/emacs.test.ts: SKIPPED: eglot is not available to Emacs (Debian: apt-get install -y elpa-eglot).');
    return undefined;
  }
  return v.stdout.split('\n')[0];
}

/** The first ```elisp block of docs/editors.md: the eglot setup. */
function docsSetup(): string {
  const md = readFileSync(join(ROOT, 'docs', 'editors.md'), 'utf8');
  const m = /```elisp\n([\s\S]*?)```/.exec(md);
  if (!m) throw new Error('docs/editors.md has no elisp block');
  return m[1];
}

const version = emacsWithEglot();

describe.skipIf(!version)(`bpfls in Emacs with eglot (${version ?? 'not installed'})`, () => {
  let dir: string;
  let report: Report;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bpfls-emacs-'));
    const bin = join(dir, 'bin');
    const work = join(dir, 'work');
    mkdirSync(bin);
    mkdirSync(work);
    const wrapper = join(bin, 'bpfls');
    writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${BPFLS_BIN}" "$@"\n`);
    chmodSync(wrapper, 0o755);
    const setup = join(dir, 'setup.el');
    writeFileSync(setup, docsSetup());
    const out = join(dir, 'report.json');
    const r = spawnSync('emacs', ['--batch', '--no-init-file', '-l', setup, '-l', join(ROOT, 'test', 'editors', 'emacs-e2e.el')], {
      cwd: work,
      encoding: 'utf8',
      timeout: 90_000,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
        HOME: dir, // no user configuration, no writes to the real home
        BPFLS_E2E_ROOT: ROOT,
        BPFLS_E2E_OUT: out,
        BPFLS_E2E_WORK: work,
      },
    });
    if (!existsSync(out)) throw new Error(`Emacs wrote no report (exit ${r.status})\n${r.stdout}\n${r.stderr}`);
    report = JSON.parse(readFileSync(out, 'utf8')) as Report;
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  });

  it('connects eglot to bpfls for BPF C files, by name and by content', () => {
    expect(report.errors).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.mode).toBe('bpf-c-mode');
    expect(report.broken_mode).toBe('bpf-c-mode');
    expect(report.server_name).toBe('bpfls');
  });

  it('hovers on a helper in the language set through eglot-workspace-configuration', () => {
    expect(report.hover).toContain('bpf_xdp_adjust_head(struct xdp_md *xdp_md, int delta)');
    expect(report.hover).toMatch(/[\u4e00-\u9fff]/);
  });

  it('publishes no errors for the clean file and a syntax error at the missing semicolon', () => {
    expect((report.clean_diagnostics ?? []).filter((d) => d.severity === 1)).toEqual([]);
    const syntax = (report.broken_diagnostics ?? []).filter((d) => d.severity === 1 && d.code === 'bpf/syntax');
    expect(syntax.length).toBeGreaterThan(0);
    expect(syntax[0].range.start.line).toBe(report.syntax_error_line);
  });
});
