/** The machine-readable semantics the diagnostics and the interpreter rely on. */
import { describe, expect, it } from 'vitest';
import { helperIndex } from '../../server/src/helpers/database.ts';

const db = helperIndex();
const param = (helper: string, name: string) => db.helper(helper)!.params.find((p) => p.name === name)!;

describe('argument kinds', () => {
  it('classifies the map helpers', () => {
    expect(param('bpf_map_lookup_elem', 'map').kind).toBe('map');
    expect(param('bpf_map_lookup_elem', 'key').kind).toBe('map-key');
    expect(param('bpf_map_update_elem', 'value').kind).toBe('map-value');
    expect(param('bpf_map_update_elem', 'flags').kind).toBe('flags');
  });
  it('pairs memory with its size', () => {
    expect(param('bpf_skb_load_bytes', 'to').kind).toBe('mem-write');
    expect(param('bpf_skb_load_bytes', 'to').sizeParam).toBe('len');
    expect(param('bpf_skb_load_bytes', 'len').kind).toBe('size');
    expect(param('bpf_skb_store_bytes', 'from').kind).toBe('mem-read');
  });
  it('knows the context argument', () => {
    expect(param('bpf_xdp_adjust_head', 'xdp_md').kind).toBe('ctx');
    expect(param('bpf_skb_store_bytes', 'skb').kind).toBe('ctx');
  });
  it('knows callbacks', () => {
    expect(param('bpf_loop', 'callback_fn').kind).toBe('callback');
  });
});

describe('return semantics', () => {
  it('pointer-or-NULL returns', () => {
    expect(db.helper('bpf_map_lookup_elem')!.returns.kind).toBe('ptr-or-null');
    expect(db.helper('bpf_ringbuf_reserve')!.returns.kind).toBe('ptr-or-null');
    expect(db.helper('bpf_sk_lookup_tcp')!.returns.kind).toBe('ptr-or-null');
  });
  it('action codes per program type', () => {
    const r = db.helper('bpf_redirect')!.returns;
    expect(r.kind).toBe('action');
    const xdp = r.actions!.find((a) => a.programTypes.includes('xdp'))!;
    expect(xdp.codes).toEqual(expect.arrayContaining(['XDP_REDIRECT', 'XDP_ABORTED']));
    const tc = r.actions!.find((a) => a.programTypes.includes('sched_cls'))!;
    expect(tc.codes).toEqual(expect.arrayContaining(['TC_ACT_REDIRECT', 'TC_ACT_SHOT']));
  });
  it('tail calls do not return on success', () => {
    expect(db.helper('bpf_tail_call')!.returns.kind).toBe('no-return-on-success');
  });
  it('errno-style helpers', () => {
    expect(db.helper('bpf_map_update_elem')!.returns.kind).toBe('errno');
    expect(db.helper('bpf_ktime_get_ns')!.returns.kind).toBe('value');
  });
});

describe('flags', () => {
  it('map update flags: values and rules', () => {
    const f = param('bpf_map_update_elem', 'flags').flags!;
    expect(f.constants.map((c) => [c.name, c.value])).toEqual(
      expect.arrayContaining([['BPF_ANY', 0], ['BPF_NOEXIST', 1], ['BPF_EXIST', 2], ['BPF_F_LOCK', 4]]),
    );
    const noexistOnArray = f.rules.find((r) => r.constants?.includes('BPF_NOEXIST') && r.mapTypes?.includes('BPF_MAP_TYPE_ARRAY'));
    expect(noexistOnArray).toBeDefined();
  });
  it('XDP bpf_redirect flags must be 0', () => {
    const rules = param('bpf_redirect', 'flags').flags!.rules;
    expect(rules.some((r) => r.kind === 'must-be-zero' && r.programTypes?.includes('xdp'))).toBe(true);
  });
  it('l4_csum_replace carries the field size in its low bits', () => {
    const f = param('bpf_l4_csum_replace', 'flags').flags!;
    expect(f.combinable).toBe(true);
    expect(f.constants.find((c) => c.name === 'BPF_F_PSEUDO_HDR')!.value).toBe(16);
  });
  it('flag constants have their meaning documented', () => {
    const c = param('bpf_skb_store_bytes', 'flags').flags!.constants.find((x) => x.name === 'BPF_F_RECOMPUTE_CSUM')!;
    expect(c.doc?.en).toBeTruthy();
    expect(c.doc?.zh).toBeTruthy();
  });
});

describe('constants table', () => {
  it('has action codes, map types and program types with values', () => {
    expect(db.constant('XDP_PASS')).toMatchObject({ value: 2, group: 'xdp-action' });
    expect(db.constant('TC_ACT_SHOT')).toMatchObject({ value: 2, group: 'tc-action' });
    expect(db.constant('TC_ACT_UNSPEC')).toMatchObject({ value: -1 });
    expect(db.constant('BPF_MAP_TYPE_RINGBUF')).toMatchObject({ value: 27, group: 'map-type' });
    expect(db.constant('BPF_PROG_TYPE_XDP')).toMatchObject({ value: 6, group: 'prog-type' });
    expect(db.constant('BPF_NOEXIST')).toMatchObject({ value: 1, group: 'map-update-flag' });
    expect(db.constant('BPF_F_CURRENT_CPU')!.helpers).toContain('bpf_perf_event_output');
  });
  it('has every program type with its context', () => {
    expect(db.programType('xdp')).toMatchObject({ context: 'struct xdp_md', value: 6 });
    expect(db.programType('sched_cls')!.returnCodes).toContain('TC_ACT_SHOT');
  });
});
