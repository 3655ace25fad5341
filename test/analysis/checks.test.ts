/** The helper-call, flags, printk, return-value and hint checks on fixture files with inline expectations. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFixture, diagnose } from '../support/check-fixture.ts';
import { ROOT } from '../support/paths.ts';

const DIR = join(ROOT, 'test/fixtures/checks');
const CODES = ['bpf/helper-not-allowed', 'bpf/gpl-only-helper', 'bpf/missing-license', 'bpf/flags', 'bpf/argument', 'bpf/printk-format', 'bpf/return-value', 'bpf/helper-too-new', 'bpf/syntax'];

describe('checks on fixtures', () => {
  it.each(readdirSync(DIR).filter((f) => f.endsWith('.bpf.c')))('%s', async (file) => {
    const r = await checkFixture(join(DIR, file), { codes: CODES });
    expect({ missing: r.missing, unexpected: r.unexpected }).toEqual({ missing: [], unexpected: [] });
  });
});

describe('check details', () => {
  it('names the program types that may call a refused helper, in both languages', async () => {
    const en = await diagnose(join(DIR, 'helper-not-allowed.bpf.c'));
    const d = en.diagnostics.find((x) => x.code === 'bpf/helper-not-allowed')!;
    expect(d.message).toContain('sched_cls');
    expect(d.related?.[0].message).toContain('xdp_prog');
    const zh = await diagnose(join(DIR, 'helper-not-allowed.bpf.c'), { locale: 'zh-CN' });
    expect(zh.diagnostics.find((x) => x.code === 'bpf/helper-not-allowed')!.message).toMatch(/不能调用/);
  });

  it('reports helpers newer than the target kernel only when one is set', async () => {
    const file = join(DIR, 'clean.bpf.c');
    expect((await diagnose(file)).diagnostics.filter((d) => d.code === 'bpf/helper-too-new')).toEqual([]);
    const old = await diagnose(file, { targetKernel: '4.9' });
    const names = old.diagnostics.filter((d) => d.code === 'bpf/helper-too-new').map((d) => old.text.slice(d.start, d.end));
    expect(names).toEqual(expect.arrayContaining(['bpf_redirect_map']));
    expect(names).not.toContain('bpf_map_lookup_elem');
  });

  it('offers a quick fix that replaces a wrong flag', async () => {
    const r = await diagnose(join(DIR, 'flags.bpf.c'));
    const redirect = r.diagnostics.find((d) => d.code === 'bpf/flags' && r.text.slice(d.start, d.end) === 'BPF_F_INGRESS')!;
    expect(redirect.fixes?.[0].edits[0].newText).toBe('0');
  });

  it('warns about a missing license and offers to add one', async () => {
    const { diagnostics } = await diagnose(join(DIR, 'no-license.bpf.c'));
    const d = diagnostics.find((x) => x.code === 'bpf/missing-license' && x.severity === 'warning')!;
    expect(diagnostics.some((x) => x.code === 'bpf/missing-license' && x.severity === 'error')).toBe(true);
    expect(d.fixes?.[0].edits[0].newText).toContain('SEC("license") = "GPL"');
    const withLicense = await diagnose(join(DIR, 'clean.bpf.c'));
    expect(withLicense.diagnostics.some((x) => x.code === 'bpf/missing-license')).toBe(false);
  });

  it('gives hints, never errors, for best practices', async () => {
    const { diagnostics } = await diagnose(join(ROOT, 'test/fixtures/lsp/idioms_clean.bpf.c'));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(diagnostics.some((d) => d.code === 'bpf/unstable-attach' && d.severity === 'hint')).toBe(true);
  });
});
