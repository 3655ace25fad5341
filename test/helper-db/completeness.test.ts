/** The committed database is complete: 211 helpers, every field, docs in both languages. */
import { describe, expect, it } from 'vitest';
import { helperIndex } from '../../server/src/helpers/database.ts';
import type { Text } from '../../server/src/helpers/schema.ts';

const db = helperIndex();
const CJK = /[\u4e00-\u9fff]/;

function expectBilingual(where: string, t: Text | undefined) {
  expect(t, where).toBeDefined();
  expect(t!.en.trim(), `${where}.en`).not.toBe('');
  expect(t!.zh.trim(), `${where}.zh`).not.toBe('');
  expect(CJK.test(t!.en), `${where}.en has Chinese`).toBe(false);
  expect(CJK.test(t!.zh), `${where}.zh has no Chinese`).toBe(true);
}

describe('helper-db completeness', () => {
  it('has 211 helpers with contiguous ids 1..211', () => {
    expect(db.helpers).toHaveLength(211);
    expect(db.helpers.map((h) => h.id)).toEqual(Array.from({ length: 211 }, (_, i) => i + 1));
    expect(new Set(db.helpers.map((h) => h.name)).size).toBe(211);
  });

  it.each(db.helpers.map((h) => [h.name, h] as const))('%s has every field and bilingual docs', (_name, h) => {
    expect(h.name).toMatch(/^bpf_\w+$/);
    expect(h.returnType).not.toBe('');
    expect(h.sinceKernel).toMatch(/^\d+\.\d+$/);
    expect(typeof h.gplOnly).toBe('boolean');
    expect(typeof h.changesPktData).toBe('boolean');
    expect(typeof h.inSeed).toBe('boolean');
    expect(Array.isArray(h.programTypes)).toBe(true);
    for (const t of h.programTypes) expect(['kernel-6.18', 'docs']).toContain(h.programTypeSources[t]);
    expect(h.returns.kind).toMatch(/^(errno|ptr-or-null|ptr|action|no-return-on-success|value|value-or-errno|void)$/);
    expectBilingual(`${h.name}.summary`, h.docs.summary);
    expectBilingual(`${h.name}.description`, h.docs.description);
    expectBilingual(`${h.name}.returns`, h.returns.doc);
    for (const p of h.params) {
      expect(p.kind, `${h.name}.${p.name}.kind`).not.toBe('');
      expectBilingual(`${h.name}.params.${p.name}`, p.doc);
      for (const c of p.flags?.constants ?? []) expect(c.value, `${h.name}.${c.name}`).not.toBe('?');
    }
    h.docs.pitfalls.forEach((p, i) => expectBilingual(`${h.name}.pitfalls[${i}]`, p));
    if (h.docs.seedNote) expectBilingual(`${h.name}.seedNote`, h.docs.seedNote);
    if (h.deprecated) expectBilingual(`${h.name}.deprecated.reason`, h.deprecated.reason);
  });

  it('marks exactly the 22 packet-changing helpers', () => {
    const changing = db.helpers.filter((h) => h.changesPktData).map((h) => h.name);
    expect(changing).toHaveLength(22);
    for (const n of ['bpf_skb_store_bytes', 'bpf_l3_csum_replace', 'bpf_l4_csum_replace', 'bpf_xdp_adjust_head', 'bpf_skb_vlan_push', 'bpf_clone_redirect']) {
      expect(changing).toContain(n);
    }
    expect(changing).not.toContain('bpf_tail_call');
  });

  it('knows which program types may call a helper, from the live-kernel probe', () => {
    const adjustHead = db.helper('bpf_xdp_adjust_head')!;
    expect(db.allowedIn(adjustHead, 'xdp')).toBe(true);
    expect(db.allowedIn(adjustHead, 'sched_cls')).toBe(false);
    const store = db.helper('bpf_skb_store_bytes')!;
    expect(db.allowedIn(store, 'sched_cls')).toBe(true);
    expect(db.allowedIn(store, 'xdp')).toBe(false);
    expect(db.helper('bpf_probe_read_kernel')!.programTypes).toContain('kprobe');
  });

  it('takes GPL-only from the live kernel where it decided', () => {
    expect(db.helper('bpf_trace_printk')!.gplOnly).toBe(true);
    expect(db.helper('bpf_map_lookup_elem')!.gplOnly).toBe(false);
    expect(db.helper('bpf_fib_lookup')!.gplOnly).toBe(true);
  });

  it('seed helpers are marked and there are 53 of them', () => {
    expect(db.helpers.filter((h) => h.inSeed)).toHaveLength(53);
  });
});
