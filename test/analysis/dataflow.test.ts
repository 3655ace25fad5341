/**
 * The flow-sensitive checks (bpf/stale-packet-pointer, bpf/packet-bounds,
 * bpf/map-value-null), run in-process through checkDocument:
 *  - fixtures in test/fixtures/dataflow/ carry `// expect-error: bpf/<code>` on
 *    the lines that must get the error, and nothing else may get one;
 *  - the kernel-labelled verifier cases for the three codes must agree with the
 *    kernel (no error on an accepted case, >= 95% of rejected ones caught);
 *  - the correct programs of the repository get no error from these checks.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDocument } from '../../server/src/analysis/check.ts';
import { type DataflowTrace, dataflowDiagnostics } from '../../server/src/analysis/dataflow/index.ts';
import { standardTypes } from '../../server/src/analysis/dataflow/type-env.ts';
import type { AnalysisDiagnostic } from '../../server/src/analysis/diagnostic.ts';
import { DocumentAnalysis } from '../../server/src/analysis/document-analysis.ts';
import { NO_FILES } from '../../server/src/analysis/source-files.ts';
import { loadSyntaxRuntime } from '../../server/src/syntax/parser.ts';
import { readExpectations } from '../support/markers.ts';
import { ROOT } from '../support/paths.ts';

const CODES = new Set(['bpf/stale-packet-pointer', 'bpf/packet-bounds', 'bpf/map-value-null']);
const FIXTURES = join(ROOT, 'test/fixtures/dataflow');
const CASES = join(ROOT, 'test/verifier-cases');

beforeAll(async () => {
  await loadSyntaxRuntime();
});

function check(text: string, locale: 'en' | 'zh-CN' = 'en'): AnalysisDiagnostic[] {
  const analysis = new DocumentAnalysis('file:///test.bpf.c', text, NO_FILES);
  try {
    return checkDocument(analysis, { locale }).filter((d) => CODES.has(d.code));
  } finally {
    analysis.dispose();
  }
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** `line:code` of every diagnostic, and of every `// expect-error:` marker for our codes. */
function compare(text: string, ds: AnalysisDiagnostic[]): { got: string[]; want: string[] } {
  const got = [...new Set(ds.map((d) => `${lineOf(text, d.start) + 1}:${d.code}`))].sort();
  const want = readExpectations(text, 'expect-error')
    .filter((e) => CODES.has(e.value))
    .map((e) => `${e.line + 1}:${e.value}`)
    .sort();
  return { got, want };
}

function bpfFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...bpfFiles(p));
    else if (name.endsWith('.bpf.c')) out.push(p);
  }
  return out.sort();
}

describe('dataflow fixtures', () => {
  const files = bpfFiles(FIXTURES);

  it('has fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  for (const file of files) {
    it(`${relative(FIXTURES, file)}: errors exactly on the expect-error lines`, () => {
      const text = readFileSync(file, 'utf8');
      const { got, want } = compare(text, check(text));
      expect(got).toEqual(want);
    });
  }
});

describe('dataflow diagnostics', () => {
  const xdp = (body: string, pre = '') => `#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
${pre}
SEC("xdp")
int prog(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
${body}
}
char LICENSE[] SEC("license") = "GPL";
`;

  it('reports a stale pointer with the invalidating call as related information', () => {
    const text = xdp(`	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (bpf_xdp_adjust_head(ctx, 4))
		return XDP_DROP;
	return eth->h_proto == 0 ? XDP_DROP : XDP_PASS;`);
    const ds = check(text);
    expect(ds.map((d) => d.code)).toEqual(['bpf/stale-packet-pointer']);
    const d = ds[0];
    expect(text.slice(d.start, d.end)).toBe('eth->h_proto');
    expect(d.severity).toBe('error');
    expect(d.related?.[0] && text.slice(d.related[0].start, d.related[0].end)).toBe('bpf_xdp_adjust_head(ctx, 4)');
    expect(d.message).toMatch(/bpf_xdp_adjust_head/);
  });

  it('offers a reload after the invalidating statement, which fixes the program', () => {
    const text = xdp(`	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (bpf_xdp_adjust_head(ctx, 4))
		return XDP_DROP;
	return eth->h_proto == 0 ? XDP_DROP : XDP_PASS;`);
    const fix = check(text)[0].fixes?.[0];
    expect(fix).toBeDefined();
    const edit = fix!.edits[0];
    expect(edit.newText).toContain('data = (void *)(long)ctx->data;');
    expect(edit.newText).toContain('data_end = (void *)(long)ctx->data_end;');
    expect(edit.newText).toContain('eth = data;');
    expect(edit.newText).toMatch(/if \(data \+ 14 > data_end\)\n\t\treturn XDP_DROP;/);
    expect(text.slice(0, edit.start)).toMatch(/return XDP_DROP;$/);
    const fixed = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
    expect(check(fixed)).toEqual([]);
  });

  it('reports a stale data_end used in a new bounds check', () => {
    const text = xdp(`	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (bpf_xdp_adjust_head(ctx, -4))
		return XDP_DROP;
	data = (void *)(long)ctx->data;
	eth = data;
	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	return eth->h_proto == 0 ? XDP_DROP : XDP_PASS;`);
    const ds = check(text);
    expect(ds.map((d) => d.code)).toEqual(['bpf/stale-packet-pointer']);
    expect(ds[0].message).toMatch(/data_end/);
  });

  it('reports a missing bounds check with the bytes proven', () => {
    const text = xdp(`	struct iphdr *ip = (void *)(eth + 1);
	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	return ip->protocol == 1 ? XDP_DROP : XDP_PASS;`);
    const ds = check(text);
    expect(ds.map((d) => d.code)).toEqual(['bpf/packet-bounds']);
    expect(text.slice(ds[0].start, ds[0].end)).toBe('ip->protocol');
    expect(ds[0].message).toMatch(/24/);
    expect(ds[0].message).toMatch(/14/);
  });

  it('knows the bytes a field access touches (iphdr.daddr at 16..19)', () => {
    const ok = xdp(`	struct iphdr *ip = (void *)(eth + 1);
	if (data + 14 + 20 > data_end)
		return XDP_PASS;
	return ip->daddr ? XDP_DROP : XDP_PASS;`);
    expect(check(ok)).toEqual([]);
    const bad = xdp(`	struct iphdr *ip = (void *)(eth + 1);
	if (data + 14 + 19 > data_end)
		return XDP_PASS;
	return ip->daddr ? XDP_DROP : XDP_PASS;`);
    expect(check(bad).map((d) => d.code)).toEqual(['bpf/packet-bounds']);
    const justEnough = xdp(`	struct iphdr *ip = (void *)(eth + 1);
	if (data + 14 + 10 > data_end)
		return XDP_PASS;
	return ip->protocol == 6 ? XDP_DROP : XDP_PASS;`);
    expect(check(justEnough)).toEqual([]);
  });

  it('offers a NULL check after the assignment, which fixes the program', () => {
    const pre = `struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} m SEC(".maps");`;
    const text = xdp(`	__u32 key = ctx->ingress_ifindex;
	__u64 *v = bpf_map_lookup_elem(&m, &key);
	*v += 1;
	return XDP_PASS;`, pre);
    const ds = check(text);
    expect(ds.map((d) => d.code)).toEqual(['bpf/map-value-null']);
    expect(text.slice(ds[0].start, ds[0].end)).toBe('*v');
    expect(ds[0].related?.[0] && text.slice(ds[0].related[0].start, ds[0].related[0].end)).toBe('bpf_map_lookup_elem(&m, &key)');
    const edit = ds[0].fixes![0].edits[0];
    expect(edit.newText).toBe('\n\tif (!v)\n\t\treturn XDP_PASS;');
    const fixed = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
    expect(check(fixed)).toEqual([]);
  });

  it('speaks Simplified Chinese when asked', () => {
    const text = xdp(`	return eth->h_proto ? XDP_DROP : XDP_PASS;`);
    const [d] = check(text, 'zh-CN');
    expect(d.code).toBe('bpf/packet-bounds');
    expect(d.message).toMatch(/数据包/);
  });

  it('stays silent on what it cannot follow', () => {
    // A pointer kept in a global, and a header the file cannot lay out.
    const text = xdp(`	struct unknown_hdr *u = data;
	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	return u->field ? XDP_DROP : XDP_PASS;`);
    expect(check(text)).toEqual([]);
  });

  it('never throws on broken code', () => {
    const text = xdp(`	if ((void *)(eth + 1) > data_end
		return XDP_PASS;
	return eth->h_proto == ? XDP_DROP : XDP_PASS;`);
    expect(() => check(text)).not.toThrow();
  });
});

describe('header layouts', () => {
  it('knows the standard headers as the UAPI lays them out', () => {
    const t = standardTypes()!;
    const at = (s: string, f: string) => t.field(s, f)?.offset;
    expect(t.layout('ethhdr')?.size).toBe(14);
    expect(at('ethhdr', 'h_proto')).toBe(12);
    expect(t.layout('iphdr')?.size).toBe(20);
    expect([at('iphdr', 'ihl'), at('iphdr', 'version'), at('iphdr', 'protocol'), at('iphdr', 'check'), at('iphdr', 'saddr'), at('iphdr', 'daddr')]).toEqual([0, 0, 9, 10, 12, 16]);
    expect(t.layout('ipv6hdr')?.size).toBe(40);
    expect([at('ipv6hdr', 'nexthdr'), at('ipv6hdr', 'saddr'), at('ipv6hdr', 'daddr')]).toEqual([6, 8, 24]);
    expect(t.layout('tcphdr')?.size).toBe(20);
    expect([at('tcphdr', 'dest'), at('tcphdr', 'doff'), at('tcphdr', 'syn'), at('tcphdr', 'window')]).toEqual([2, 12, 13, 14]);
    expect([t.layout('udphdr')?.size, t.layout('icmphdr')?.size, t.layout('icmp6hdr')?.size, t.layout('vlan_hdr')?.size]).toEqual([8, 8, 8, 4]);
    expect(at('in6_addr', 's6_addr32')).toBe(0);
  });

  it('lays out the file’s own structs, packed or not', () => {
    const text = `struct a { __u8 x; __u32 y; __u16 z[3]; };
struct b { __u8 x; __u32 y; } __attribute__((packed));
struct c { struct ethhdr eth; struct iphdr ip; } __attribute__((packed));
SEC("xdp") int prog(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct a *pa = data;
	struct b *pb = data;
	struct c *pc = data;
	if (data + 12 > data_end)
		return 2;
	if (pa->z[1] == 1) /* bytes 10..11 */
		return 1;
	if (pb->y == 1) /* bytes 1..4 */
		return 1;
	return pc->ip.ttl; // expect-error: bpf/packet-bounds
}`;
    const { got, want } = compare(text, check(text));
    expect(got).toEqual(want);
  });
});

describe('robustness', () => {
  it('follows every construct of the fixtures without giving up', () => {
    const gaveUp: string[] = [];
    for (const file of bpfFiles(FIXTURES)) {
      const analysis = new DocumentAnalysis('file:///t.bpf.c', readFileSync(file, 'utf8'), NO_FILES);
      const trace: DataflowTrace[] = [];
      dataflowDiagnostics(analysis, { locale: 'en' }, trace);
      analysis.dispose();
      for (const t of trace) if (t.gaveUp || t.opaque.length) gaveUp.push(`${relative(FIXTURES, file)} ${t.program}: ${t.gaveUp ?? t.opaque.join(', ')}`);
    }
    expect(gaveUp).toEqual([]);
  });

  it('never throws, whatever the text', () => {
    const samples = ['', 'int', 'SEC("xdp") int f(struct xdp_md *ctx) { return ctx->data[; }', 'SEC("xdp") int f(struct xdp_md *c) { for (;;) { goto x; } x: return 0; }'];
    for (const s of samples) expect(() => check(s)).not.toThrow();
  });
});

interface Label {
  verdict: 'accepted' | 'rejected' | 'compile-error' | 'runtime-error';
  line?: number;
  message?: string;
}

const LABELS = join(CASES, 'labels.json');
const haveLabels = existsSync(LABELS);

describe.skipIf(!haveLabels)('kernel-labelled verifier cases, for the three flow checks', () => {
  const labels: Record<string, Label> = haveLabels ? (JSON.parse(readFileSync(LABELS, 'utf8')) as { cases: Record<string, Label> }).cases : {};
  const files = Object.keys(labels)
    .filter((f) => existsSync(join(CASES, f)))
    .sort();
  const mine = (f: string) => /^0[123]-/.test(f);

  it('reports none of the three codes on a case the kernel accepted', () => {
    const falseErrors: string[] = [];
    for (const f of files.filter((x) => labels[x].verdict === 'accepted')) {
      const text = readFileSync(join(CASES, f), 'utf8');
      for (const d of check(text)) falseErrors.push(`${f}:${lineOf(text, d.start) + 1}: ${d.code}`);
    }
    expect(falseErrors).toEqual([]);
  });

  it('catches at least 95% of the rejected stale-pointer / bounds / NULL cases at the kernel line', () => {
    const rejected = files.filter((f) => mine(f) && labels[f].verdict === 'rejected');
    const missed: string[] = [];
    const byCode = new Map<string, { caught: number; total: number }>();
    for (const f of rejected) {
      const text = readFileSync(join(CASES, f), 'utf8');
      const lines = new Set(readExpectations(text, 'expect-error').map((e) => e.line));
      if (labels[f].line) lines.add(labels[f].line! - 1);
      const hit = check(text).some((d) => lines.has(lineOf(text, d.start)));
      const code = f.slice(3).replace(/-(tc|xdp|array|check|hash|inline|loop|map|ringbuf|second|sk|tcp).*$/, '');
      const entry = byCode.get(code) ?? { caught: 0, total: 0 };
      entry.total++;
      if (hit) entry.caught++;
      else missed.push(`${f} (kernel: ${labels[f].message ?? labels[f].verdict})`);
      byCode.set(code, entry);
    }
    const caught = rejected.length - missed.length;
    console.log(
      `dataflow: ${caught}/${rejected.length} rejected cases caught (${[...byCode].map(([c, e]) => `${c} ${e.caught}/${e.total}`).join(', ')}); ` +
        `${files.filter((f) => labels[f].verdict === 'accepted').length} accepted cases clean`,
    );
    if (missed.length) console.log(`missed:\n  ${missed.join('\n  ')}`);
    expect(caught / Math.max(1, rejected.length)).toBeGreaterThanOrEqual(0.95);
  });
});

/** Interpreter fixtures that show a fault on purpose (the verifier would reject them too). */
function knownBad(text: string): boolean {
  return /expect-fault/.test(text) || /\bfaults?\b/.test(text.split('\n').slice(0, 3).join('\n'));
}

describe('the repository’s correct programs', () => {
  const dirs = ['examples', 'test/fixtures', 'test/interp-goldens/programs'].map((d) => join(ROOT, d));
  const files = dirs.flatMap(bpfFiles).filter((f) => !f.startsWith(FIXTURES));

  it('get no error from the flow checks', () => {
    const errors: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      if (knownBad(text)) continue;
      for (const d of check(text)) errors.push(`${relative(ROOT, f)}:${lineOf(text, d.start) + 1}: ${d.code}: ${d.message}`);
    }
    expect(errors).toEqual([]);
  });

  it('agree with the interpreter on where its fault fixtures fail', () => {
    const faults: Record<string, string> = {
      'packet access out of bounds': 'bpf/packet-bounds',
      'stale packet pointer': 'bpf/stale-packet-pointer',
      'NULL pointer dereference': 'bpf/map-value-null',
    };
    const disagreements: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const kind = readExpectations(text, 'expect-fault').find((e) => faults[e.value]);
      const line = readExpectations(text, 'expect-fault-line')[0];
      if (!kind || !line) continue;
      const got = check(text).map((d) => `${lineOf(text, d.start) + 1}:${d.code}`);
      if (!got.includes(`${line.value}:${faults[kind.value]}`)) disagreements.push(`${relative(ROOT, f)}: want ${line.value}:${faults[kind.value]}, got ${got.join(' ') || 'nothing'}`);
    }
    expect(disagreements).toEqual([]);
  });
});
