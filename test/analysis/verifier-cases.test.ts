/**
 * The acceptance test of the diagnostics: `bpfls check` on every kernel-labelled
 * case in test/verifier-cases/. Every case the kernel accepted must get no error;
 * at least 95% of the cases it rejected must get an error at the labelled line
 * (or at the line marked `// expect-error:`). The labels were recorded from the
 * real verifier by scripts/label-verifier-cases.mjs; this test needs no kernel.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExpectations } from '../support/markers.ts';
import { ROOT } from '../support/paths.ts';
import { runCli } from '../support/run-cli.ts';

const DIR = join(ROOT, 'test/verifier-cases');
const LABELS = join(DIR, 'labels.json');

interface Label {
  verdict: 'accepted' | 'rejected' | 'compile-error' | 'runtime-error';
  line?: number;
  message?: string;
  /** Set when the case was loaded with fewer capabilities than root (e.g. "cap_bpf cap_net_admin"). */
  privileges?: string;
}

const haveLabels = existsSync(LABELS);
if (!haveLabels) console.warn(`SKIPPED: no ${LABELS} (run npm run label-cases on a machine with clang, bpftool and CAP_BPF)`);

describe.skipIf(!haveLabels)('kernel-labelled verifier cases', () => {
  const labels = haveLabels ? (JSON.parse(readFileSync(LABELS, 'utf8')) as { cases: Record<string, Label> }).cases : {};
  const files = Object.keys(labels).sort();
  const r = haveLabels ? runCli(['check', '--format', 'json', ...files.map((f) => join(DIR, f))]) : { code: 0, stdout: '{"files":[]}', stderr: '' };
  const report = JSON.parse(r.stdout || '{"files":[]}') as {
    files: { path: string; diagnostics: { severity: string; code: string; message: string; range: { start: { line: number } } }[] }[];
  };
  const errorsOf = (file: string) =>
    report.files.find((f) => f.path === join(DIR, file))?.diagnostics.filter((d) => d.severity === 'error') ?? [];

  it('has at least 120 labelled cases', () => {
    expect(files.length).toBeGreaterThanOrEqual(120);
    expect(r.stderr).toBe('');
  });

  it('reports no error on any case the kernel accepted', () => {
    const falseErrors = files
      .filter((f) => labels[f].verdict === 'accepted')
      .flatMap((f) => errorsOf(f).map((d) => `${f}:${d.range.start.line + 1}: ${d.code}: ${d.message}`));
    expect(falseErrors).toEqual([]);
  });

  it('catches at least 95% of the cases the kernel rejected, at the right line', () => {
    // bpfls models a privileged loader (CAP_BPF + CAP_PERFMON, like root): cases that the
    // kernel rejects only for a less privileged loader are reported but not counted.
    const reduced = files.filter((f) => labels[f].verdict !== 'accepted' && labels[f].privileges);
    if (reduced.length) console.log(`not counted (rejected only with reduced privileges): ${reduced.join(', ')}`);
    const rejected = files.filter((f) => labels[f].verdict !== 'accepted' && !labels[f].privileges);
    const missed: string[] = [];
    for (const f of rejected) {
      const text = readFileSync(join(DIR, f), 'utf8');
      const lines = new Set<number>(readExpectations(text, 'expect-error').map((e) => e.line));
      if (labels[f].line) lines.add(labels[f].line! - 1);
      const hit = errorsOf(f).some((d) => lines.size === 0 || lines.has(d.range.start.line));
      if (!hit) missed.push(`${f} (kernel: ${labels[f].message ?? labels[f].verdict})`);
    }
    const caught = rejected.length - missed.length;
    console.log(`verifier cases: ${caught}/${rejected.length} rejected cases caught; ${files.length - rejected.length} accepted cases`);
    if (missed.length) console.log(`missed:\n  ${missed.join('\n  ')}`);
    expect(caught / Math.max(1, rejected.length)).toBeGreaterThanOrEqual(0.95);
  });
});
