/** `bpfls check`, run as the built binary: formats, positions and exit codes. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths.ts';
import { runCli } from '../support/run-cli.ts';

const CHECKS = join(ROOT, 'test/fixtures/checks');
const rel = (p: string) => p.replace(`${ROOT}/`, '');

describe('bpfls check', () => {
  it('prints compiler-style text and exits 1 when there are errors', () => {
    const file = rel(join(CHECKS, 'gpl-only.bpf.c'));
    const r = runCli(['check', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:9:2: error: .*GPL.* \\[bpf/gpl-only-helper\\]$`, 'm'));
    expect(r.stdout).toMatch(/1 file checked: 1 error/);
  });

  it('exits 0 on a clean file', () => {
    const r = runCli(['check', rel(join(CHECKS, 'clean.bpf.c'))]);
    expect(r.stdout).not.toMatch(/: error:/);
    expect(r.code).toBe(0);
  });

  it('prints JSON with 0-based LSP positions', () => {
    const r = runCli(['check', '--format', 'json', join(CHECKS, 'gpl-only.bpf.c')]);
    const report = JSON.parse(r.stdout);
    const d = report.files[0].diagnostics.find((x: { code: string }) => x.code === 'bpf/gpl-only-helper');
    expect(d.range.start).toEqual({ line: 8, character: 1 });
    expect(d.severity).toBe('error');
    expect(typeof d.message).toBe('string');
  });

  it('prints SARIF 2.1.0', () => {
    const r = runCli(['check', '--format=sarif', join(CHECKS, 'flags.bpf.c')]);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0].results;
    expect(results.some((x: { ruleId: string; level: string }) => x.ruleId === 'bpf/flags' && x.level === 'error')).toBe(true);
    expect(results[0].locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
    expect(sarif.runs[0].tool.driver.rules.map((x: { id: string }) => x.id)).toContain('bpf/flags');
  });

  it('checks every C file under a directory', () => {
    const r = runCli(['check', '--format', 'json', CHECKS]);
    expect(JSON.parse(r.stdout).files.length).toBeGreaterThanOrEqual(7);
  });

  it('writes messages in Chinese with --locale zh-CN', () => {
    const r = runCli(['check', '--locale', 'zh-CN', join(CHECKS, 'helper-not-allowed.bpf.c')]);
    expect(r.stdout).toMatch(/不能调用/);
    expect(r.stdout).toMatch(/检查了 1 个文件/);
  });

  it('honours --target-kernel', () => {
    const file = join(CHECKS, 'clean.bpf.c');
    expect(runCli(['check', file]).stdout).not.toContain('bpf/helper-too-new');
    const old = runCli(['check', '--target-kernel', '4.4', file]);
    expect(old.stdout).toContain('[bpf/helper-too-new]');
    expect(old.code).toBe(1);
  });

  it('exits 2 with a clear message on usage errors and unreadable files', () => {
    const missing = runCli(['check', 'no/such/file.bpf.c']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read no/such/file.bpf.c');
    expect(runCli(['check']).code).toBe(2);
    expect(runCli(['check', '--format', 'xml', join(CHECKS, 'clean.bpf.c')]).code).toBe(2);
    const badKernel = runCli(['check', '--target-kernel', 'latest', join(CHECKS, 'clean.bpf.c')]);
    expect(badKernel.code).toBe(2);
    expect(badKernel.stderr).toContain('--target-kernel');
  });
});
