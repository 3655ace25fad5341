import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { utf8Length } from '../../server/src/syntax/line-index.ts';
import type { MacroRecord } from '../../server/src/syntax/macro-records.ts';
import { blankText, rewriteBpfMacros } from '../../server/src/syntax/rewrite.ts';
import { EXAMPLES, FIXTURES, read, sourceFiles } from './helpers.ts';

/** Problems with the invariant: same length, same line breaks, non-ASCII kept, ASCII replaced by ASCII. */
function invariantProblems(src: string, out: string): string[] {
  const problems: string[] = [];
  if (src.length !== out.length) problems.push(`length ${src.length} -> ${out.length}`);
  if (utf8Length(src) !== utf8Length(out)) problems.push(`utf-8 length ${utf8Length(src)} -> ${utf8Length(out)}`);
  for (let i = 0; i < Math.min(src.length, out.length); i++) {
    const a = src.charCodeAt(i);
    const b = out.charCodeAt(i);
    if (a === b) continue;
    if (a === 10 || a === 13 || b === 10 || b === 13) problems.push(`line break changed at ${i}`);
    else if (a >= 128 || b >= 128) problems.push(`non-ASCII changed at ${i}`);
    if (problems.length > 5) break;
  }
  return problems;
}

function only<K extends MacroRecord['kind']>(records: MacroRecord[], kind: K): Extract<MacroRecord, { kind: K }>[] {
  return records.filter((r): r is Extract<MacroRecord, { kind: K }> => r.kind === kind);
}

describe('the rewrite keeps lengths and line breaks', () => {
  for (const file of [...sourceFiles(FIXTURES), ...sourceFiles(EXAMPLES)]) {
    it(basename(file), () => {
      const src = read(file);
      const { text, records } = rewriteBpfMacros(src);
      expect(invariantProblems(src, text)).toEqual([]);
      expect(records.length).toBeGreaterThan(0);
      for (const r of records) expect(r.range.end).toBeLessThanOrEqual(src.length);
    });
  }

  it('holds on random mixtures of macros, comments, strings and non-ASCII text', () => {
    const parts = [
      'SEC("xdp")', 'SEC("é")', '__uint(type, 1)', '__type(key, struct k)', '__array(values, struct { __uint(max_entries, 2); })',
      'int BPF_KPROBE(f, int a)', 'BPF_PROG(g)', 'bpf_for(i, 0, 3)', 'bpf_core_type_exists(struct é)', '__attribute__((section("ü")))',
      '_Pragma("x")', 'typeof(*p)', '__builtin_offsetof(struct s, f)', '__always_inline', '/*', '*/', '//', '"', "'", '\\', '\n', '\r\n',
      '#define X SEC("a")\n', '(', ')', '{', '}', ';', ',', 'é', '😀', ' ', 'x', '#',
    ];
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 400; round++) {
      let src = '';
      const n = 1 + rand(40);
      for (let k = 0; k < n; k++) src += parts[rand(parts.length)];
      const { text } = rewriteBpfMacros(src);
      expect(invariantProblems(src, text), JSON.stringify(src)).toEqual([]);
    }
  });

  it('blankText wraps kept non-ASCII characters in a comment', () => {
    expect(blankText('SEC("x")')).toBe('        ');
    expect(blankText('SEC("é")')).toBe('/*   é*/');
    expect(blankText('SEC("é")').length).toBe('SEC("é")'.length);
    expect(blankText('a\nb')).toBe(' \n ');
  });
});

describe('what each idiom becomes', () => {
  it('SEC blanks and records the section, also after a map declarator', () => {
    const src = 'SEC("kprobe/" "do_unlinkat")\nint f(void *ctx);\nstruct { int x; } m SEC(".maps");\n';
    const { text, records } = rewriteBpfMacros(src);
    expect(text.split('\n')[0].trim()).toBe('');
    expect(text).toContain(`} m ${' '.repeat('SEC(".maps")'.length)};`);
    const secs = only(records, 'section');
    expect(secs.map((s) => s.section)).toEqual(['kprobe/do_unlinkat', '.maps']);
    expect(src.slice(secs[0].range.start, secs[0].range.end)).toBe('SEC("kprobe/" "do_unlinkat")');
  });

  it('map fields become declarators with the name and value in place', () => {
    const src = '__uint(type, BPF_MAP_TYPE_HASH); __type(key, struct foo); __array(values, int (void *)); __ulong(map_extra, 1);';
    const { text, records } = rewriteBpfMacros(src);
    expect(text).toBe('int    type[ BPF_MAP_TYPE_HASH]; int    key( struct foo); int     values( int (void *)); int     map_extra[ 1];');
    const f = only(records, 'map-field');
    expect(f.map((r) => [r.macro, r.field, r.value.text])).toEqual([
      ['__uint', 'type', 'BPF_MAP_TYPE_HASH'],
      ['__type', 'key', 'struct foo'],
      ['__array', 'values', 'int (void *)'],
      ['__ulong', 'map_extra', '1'],
    ]);
    expect(src.slice(f[1].value.range.start, f[1].value.range.end)).toBe('struct foo');
  });

  it('program heads become function declarators; parameterless ones are kept', () => {
    const src = 'int BPF_KPROBE(do_unlinkat, int dfd, struct filename *name) {}\nint BPF_KRETPROBE(r) {}';
    const { text, records } = rewriteBpfMacros(src);
    expect(text.split('\n')[0]).toBe('int            do_unlinkat( int dfd, struct filename *name) {}');
    expect(text.split('\n')[1]).toBe('int BPF_KRETPROBE(r) {}');
    const heads = only(records, 'program-head');
    expect(heads.map((h) => [h.functionName, h.rewritten, h.params.map((p) => `${p.type}|${p.name}`)])).toEqual([
      ['do_unlinkat', true, ['int|dfd', 'struct filename *|name']],
      ['r', false, []],
    ]);
  });

  it('loops, pragmas, builtins, typeof and type arguments', () => {
    const src = [
      'bpf_for(i, 0, 10) { }',
      'bpf_for_each(num, v, 0, 3) x++;',
      '_Pragma("unroll") for (;;) {}',
      'n = __builtin_offsetof(struct s, f);',
      'typeof(*p) a; typeof(int) b;',
      'bpf_core_type_exists(struct task_struct); bpf_core_enum_value(enum e, V); bpf_core_cast(sk, struct tcp_sock *);',
      'bpf_core_field_exists(p->f); bpf_core_type_size(unsigned int);',
    ].join('\n');
    const { text, records } = rewriteBpfMacros(src);
    const lines = text.split('\n');
    expect(lines[0]).toBe('while  (i, 0, 10) { }');
    expect(lines[1]).toBe('while       (num, v, 0, 3) x++;');
    expect(lines[2]).toBe('                  for (;;) {}');
    expect(lines[3]).toBe('n = offsetof          (struct s, f);');
    expect(lines[4]).toBe('typeof     a; typeof(int) b;');
    expect(lines[5]).toBe('bpf_core_type_exists(       task_struct); bpf_core_enum_value(     e, V); bpf_core_cast(sk,        tcp_sock  );');
    expect(lines[6]).toBe('bpf_core_field_exists(p->f); bpf_core_type_size(0           );');
    const types = only(records, 'type-argument');
    expect(types.map((t) => t.args[t.typeArgs[0]].text)).toEqual(['struct task_struct', 'enum e', 'struct tcp_sock *', 'unsigned int']);
  });

  it('attributes of every kind are blanked and recorded', () => {
    const src = 'static __always_inline int f(void); extern int K __kconfig; int x __attribute__((aligned(8), section(".data.x"))) = 1;';
    const { text, records } = rewriteBpfMacros(src);
    expect(text).toBe(src.replace('__always_inline', ' '.repeat(15)).replace('__kconfig', ' '.repeat(9)).replace(/__attribute__\(\(.*\)\)\)/, (m) => ' '.repeat(m.length)));
    const attrs = only(records, 'attribute');
    expect(attrs.map((a) => a.section)).toEqual([undefined, '.kconfig', '.data.x']);
    expect(attrs[2].attributes).toEqual([{ name: 'aligned', args: '8' }, { name: 'section', args: '".data.x"' }]);
  });

  it('leaves comments, strings, #define bodies, member names and broken invocations alone', () => {
    const src = [
      '// SEC("xdp") in a comment',
      '/* __uint(type, 1) */',
      'char *s = "SEC(\\"xdp\\")";',
      '#define SEC(name) __attribute__((section(name), used))',
      '#define MAP __uint(type, 1)',
      'x.SEC(1); p->bpf_for(1);',
      'bpf_for(i, 0, 10);',
      'SEC("xdp"',
    ].join('\n');
    const { text, records } = rewriteBpfMacros(src);
    expect(text).toBe(src);
    expect(records).toEqual([]);
  });
});
