import { basename } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SyntaxRuntime } from '../../server/src/syntax/parser.ts';
import { EXAMPLES, FIXTURES, check, parse, read, runtime, sourceFiles } from './helpers.ts';

let rt: SyntaxRuntime;
beforeAll(async () => {
  rt = await runtime();
});

describe('document model matches the expect- comments', () => {
  for (const file of [...sourceFiles(FIXTURES), ...sourceFiles(EXAMPLES)]) {
    it(basename(file), () => {
      const text = read(file);
      const { doc, model } = parse(rt, text);
      doc.dispose();
      expect(check(text, model)).toEqual([]);
    });
  }
});

describe('document model details', () => {
  it('keeps spans with offsets and positions that point at the names', () => {
    const text = read(`${FIXTURES}/maps.bpf.c`);
    const { doc, model } = parse(rt, text);
    doc.dispose();
    const flows = model.maps.find((m) => m.name === 'flows');
    expect(flows).toBeDefined();
    const s = flows!.nameSpan;
    expect(text.slice(s.start, s.end)).toBe('flows');
    expect(text.slice(flows!.maxEntries!.valueSpan.start, flows!.maxEntries!.valueSpan.end)).toBe('MAX_FLOWS');
    expect(text.slice(flows!.key!.valueSpan.start, flows!.key!.valueSpan.end)).toBe('struct flow_key');
    expect(flows!.sectionSpan && text.slice(flows!.sectionSpan.start, flows!.sectionSpan.end)).toBe('SEC(".maps")');
    expect(flows!.mapFlags?.text).toBe('BPF_F_NO_PREALLOC');
  });

  it('reads inline and named inner maps and prog-array signatures', () => {
    const { doc, model } = parse(rt, read(`${FIXTURES}/maps.bpf.c`));
    doc.dispose();
    const outer = model.maps.find((m) => m.name === 'outer')!;
    expect(outer.innerMap?.structName).toBe('inner_map');
    expect(outer.innerMap?.type?.text).toBe('BPF_MAP_TYPE_ARRAY');
    expect(outer.initializer?.text).toContain('&inner_map1');
    const hash = model.maps.find((m) => m.name === 'outer_hash')!;
    expect(hash.innerMap?.maxEntries?.value).toBe(16);
    expect(hash.innerMap?.value?.text).toBe('__u64');
    // the inner map's fields are not the outer map's
    expect(hash.fields.map((f) => f.field)).toEqual(['type', 'max_entries', 'key', 'values']);
    const jmp = model.maps.find((m) => m.name === 'jmp_table')!;
    expect(jmp.values?.text).toBe('int (void *)');
    expect(jmp.keySize?.value).toBe(4);
    const big = model.maps.find((m) => m.name === 'big')!;
    expect(big.mapExtra?.macro).toBe('__ulong');
    expect(big.numaNode?.value).toBe(0);
  });

  it('describes BPF_KPROBE-style programs with their macro parameters', () => {
    const { doc, model } = parse(rt, read(`${FIXTURES}/tracing.bpf.c`));
    doc.dispose();
    const fn = model.functions.find((f) => f.name === 'do_unlinkat')!;
    expect(fn.headMacro).toBe('BPF_KPROBE');
    expect(fn.params.map((p) => [p.type, p.name])).toEqual([
      ['int', 'dfd'],
      ['struct filename *', 'name'],
    ]);
    const prog = model.programs.find((p) => p.name === 'do_unlinkat')!;
    expect(prog.target).toBe('do_unlinkat');
    expect(prog.contextParam).toBeUndefined();
    const noParams = model.functions.find((f) => f.name === 'trace_exec')!;
    expect(noParams.params).toEqual([]);
    const pairs = model.functions.find((f) => f.name === 'test2')!;
    expect(pairs.params.map((p) => `${p.type}|${p.name}`)).toEqual(['struct bpf_testmod_struct_arg_1|a', 'int|b', 'int|c']);
    expect(model.programs.find((p) => p.name === 'lsm_sleepable')?.sleepable).toBe(true);
  });

  it('lists calls with the user text of their arguments, including type arguments', () => {
    const { doc, model } = parse(rt, read(`${FIXTURES}/tracing.bpf.c`));
    doc.dispose();
    const exists = model.calls.find((c) => c.callee === 'bpf_core_type_exists')!;
    expect(exists.args.map((a) => a.text)).toEqual(['struct task_struct']);
    expect(exists.inFunction).toBe('handle_exec');
    const cast = model.calls.find((c) => c.callee === 'bpf_core_cast')!;
    expect(cast.args.map((a) => a.text)).toEqual(['sk', 'struct tcp_sock']);
    const lookup = model.calls.find((c) => c.callee === 'bpf_ringbuf_reserve')!;
    expect(lookup.args.map((a) => a.text)).toEqual(['&events', 'sizeof(*e)', '0']);
    expect(model.fieldAccesses.some((f) => f.object === 'e' && f.field === 'pid' && f.operator === '->')).toBe(true);
  });

  it('reads function attributes, enum values, typedefs and struct attributes', () => {
    const { doc, model } = parse(rt, read(`${FIXTURES}/attributes.bpf.c`));
    doc.dispose();
    const verdict = model.types.find((t) => t.kind === 'enum' && t.name === 'verdict')!;
    expect(verdict.enumerators?.map((e) => [e.name, e.value])).toEqual([
      ['V_PASS', 0],
      ['V_DROP', 1],
      ['V_REDIRECT', 4],
    ]);
    const hdr = model.types.find((t) => t.name === 'hdr')!;
    expect(hdr.attributes.map((a) => a.name)).toEqual(['packed', 'aligned']);
    expect(model.types.find((t) => t.name === 'ifindex_t')?.aliasOf).toBe('__u32');
    const lock = model.functions.find((f) => f.name === 'bpf_rcu_read_lock')!;
    expect(lock.ksym && lock.isExtern && !lock.isDefinition).toBe(true);
    const unlock = model.functions.find((f) => f.name === 'bpf_rcu_read_unlock')!;
    expect(unlock.weak).toBe(true);
    const macro = model.macros.find((m) => m.name === 'ADD')!;
    expect(macro.params).toEqual(['a', 'b']);
    expect(model.globals.find((g) => g.name === 'table')?.type).toBe('const __u32[4]');
    expect(model.globals.find((g) => g.name === 'cfg_port')?.isVolatile).toBe(true);
  });

  it('sizes maps with enum constants, also from anonymous enums', () => {
    const { doc, model } = parse(rt, read(`${EXAMPLES}/tail_calls.bpf.c`));
    doc.dispose();
    expect(model.maps.find((m) => m.name === 'jmp_table')?.maxEntries?.value).toBe(2);
    const anon = model.types.find((t) => t.kind === 'enum' && t.name === undefined);
    expect(anon?.enumerators?.map((e) => `${e.name}=${e.value}`)).toEqual(['PROG_IPV4=0', 'PROG_IPV6=1', 'PROG_MAX=2']);
  });

  it('gives unknown sections no program type', () => {
    const { doc, model } = parse(rt, read(`${FIXTURES}/sections.bpf.c`));
    doc.dispose();
    const p = model.programs.find((x) => x.name === 'p_unknown')!;
    expect(p.section).toBe('xdp_prog');
    expect(p.programType).toBeUndefined();
  });

  it('never throws on half-typed code and keeps what it can', () => {
    const text = read(`${FIXTURES}/tracing.bpf.c`);
    for (let cut = 0; cut <= text.length; cut += 97) {
      const { doc, model } = parse(rt, text.slice(0, cut));
      doc.dispose();
      expect(Array.isArray(model.programs)).toBe(true);
    }
    const { doc, model } = parse(rt, 'SEC("xdp")\nint prog(struct xdp_md *ctx) {\n  int x = \n');
    doc.dispose();
    expect(model.functions.map((f) => f.name)).toEqual(['prog']);
    expect(model.programs[0]?.programType).toBe('xdp');
    expect(model.syntaxErrors.length).toBeGreaterThan(0);
  });
});
