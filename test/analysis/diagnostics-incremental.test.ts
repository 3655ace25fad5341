/**
 * Everything reused between versions (model segments, per-function check
 * results, dataflow per program) gives the diagnostics a fresh analysis gives:
 * random edits on the check fixtures, compared after every edit, in both
 * languages and with a target kernel.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDocument, type CheckOptions } from '../../server/src/analysis/check.ts';
import { DocumentAnalysis } from '../../server/src/analysis/document-analysis.ts';
import { NO_FILES } from '../../server/src/analysis/source-files.ts';
import { loadSyntaxRuntime } from '../../server/src/syntax/parser.ts';
import { ROOT } from '../support/paths.ts';
import { rng } from '../support/random.ts';

const DIR = join(ROOT, 'test/fixtures/checks');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.bpf.c')).sort();

const SNIPPETS = ['0, 0', ', BPF_F_INGRESS', '&m, ', ' ', '\n', 'x', ';', '}', '  \n\n', '"', 'BPF_EXIST', 'BPF_ANY', '#define N 3\n', 'char LICENSE[] SEC("license") = "GPL";\n', 'SEC("tc")\n', '0', 'bpf_printk("x");'];

function fresh(text: string, options: CheckOptions): string[] {
  const a = new DocumentAnalysis('file:///work/fresh.bpf.c', text, NO_FILES);
  try {
    return checkDocument(a, options).map((d) => JSON.stringify(d));
  } finally {
    a.dispose();
  }
}

beforeAll(async () => {
  await loadSyntaxRuntime();
});

describe('diagnostics after edits equal those of a fresh analysis', () => {
  it.each(FILES.map((f, i) => [f, i] as const))('%s', (file, i) => {
    const text = readFileSync(join(DIR, file), 'utf8');
    const a = new DocumentAnalysis('file:///work/edited.bpf.c', text, NO_FILES);
    const rand = rng(101 + i);
    const options: CheckOptions[] = [{ locale: 'en' }, { locale: 'zh-CN', targetKernel: '5.4' }];
    try {
      for (let step = 0; step < 24; step++) {
        const len = a.text.length;
        // half of the edits at a helper call (where the findings are), half anywhere
        const calls = [...a.text.matchAll(/bpf_\w+\(/g)].map((m) => m.index + rand(m[0].length + 8));
        const start = step % 2 === 0 && calls.length ? Math.min(len, calls[rand(calls.length)]) : rand(len + 1);
        const end = Math.min(len, start + (rand(4) === 0 ? rand(20) : 0));
        a.applyEdits([{ start, end, newText: rand(5) === 0 ? '' : SNIPPETS[rand(SNIPPETS.length)] }]);
        const o = options[i % 2];
        expect(checkDocument(a, o).map((d) => JSON.stringify(d)), `edit ${step} at ${start}`).toEqual(fresh(a.text, o));
      }
    } finally {
      a.dispose();
    }
  });
});

describe('findings that depend on other functions', () => {
  it('BPF_EXIST in one program warns once another function stops inserting into the map', () => {
    const text = [
      '#include <linux/bpf.h>',
      '#include <bpf/bpf_helpers.h>',
      'struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 8); __type(key, __u32); __type(value, __u64); } m SEC(".maps");',
      'SEC("xdp") int upd(struct xdp_md *ctx) { __u32 k = 0; __u64 v = 1; bpf_map_update_elem(&m, &k, &v, BPF_EXIST); return XDP_PASS; }',
      'SEC("xdp") int ins(struct xdp_md *ctx) { __u32 k = 0; __u64 v = 1; bpf_map_update_elem(&m, &k, &v, BPF_ANY); return XDP_PASS; }',
      'char LICENSE[] SEC("license") = "GPL";',
      '',
    ].join('\n');
    const a = new DocumentAnalysis('file:///work/exist.bpf.c', text, NO_FILES);
    try {
      const exist = () => checkDocument(a, { locale: 'en' }).filter((d) => d.message.startsWith('BPF_EXIST only updates'));
      expect(exist()).toHaveLength(0);
      const at = a.text.lastIndexOf('BPF_ANY');
      a.applyEdits([{ start: at, end: at + 'BPF_ANY'.length, newText: 'BPF_EXIST' }]);
      expect(exist().length).toBeGreaterThan(0);
      expect(checkDocument(a, { locale: 'en' }).map((d) => JSON.stringify(d))).toEqual(fresh(a.text, { locale: 'en' }));
    } finally {
      a.dispose();
    }
  });
});

describe('the declarations key', () => {
  it('ignores layout and comments but not strings, tokens or line continuations', async () => {
    const { declarationsKey } = await import('../../server/src/analysis/function-results.ts');
    const key = (text: string): string => {
      const a = new DocumentAnalysis('file:///work/key.bpf.c', text, NO_FILES);
      try {
        return declarationsKey(a.text, a.model());
      } finally {
        a.dispose();
      }
    };
    const base = '// top\n#define N 4\nchar LICENSE[] SEC("license") = "GPL";\nint f(void) { return N; }\n';
    expect(key(` ${base}`)).toBe(key(base));
    expect(key(base.replace('// top', '/* another\n comment */'))).toBe(key(base));
    expect(key(base.replace('#define N 4\n', '#define N 4\n\n\n   '))).toBe(key(base));
    expect(key(base.replace('return N;', 'return N + 1;'))).toBe(key(base)); // function bodies are not declarations
    expect(key(base.replace('"GPL"', '"GPL "'))).not.toBe(key(base));
    expect(key(base.replace('#define N 4', '#define N 44'))).not.toBe(key(base));
    expect(key(base.replace('#define N 4\n', '#define N 4 \\\n\n'))).not.toBe(key(base.replace('#define N 4\n', '#define N 4 \\\n')));
  });
});
