/**
 * Interpreter throughput:
 *   (a) packets/second through a ~100-line XDP parser (Ethernet, VLAN, IPv4,
 *       IPv6, TCP/UDP, map counters), over a mix of catalogue packets;
 *   (b) packets/second through a TC program rewriting addresses and ports with
 *       bpf_l3_csum_replace / bpf_l4_csum_replace / bpf_skb_store_bytes;
 *   (c) the cost of a first run (prepare + one packet) of a ~300-line file,
 *       each time with different text so nothing is cached per file.
 * Baseline measured in the same run: the same parse hand-written in
 * TypeScript, to show the interpreter's overhead as a ratio. Medians of
 * several rounds are printed, then the floors and one JSON line.
 *
 *   npx tsx bench/interp-throughput.ts [--rounds N] [--quick]
 */
import { catalogPacket } from '../server/src/interp/packets/index.ts';
import { createState, prepareProgram, runPacket, type Prepared } from '../server/src/interp/run.ts';

const PARSER = `#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct flow_stats {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, struct flow_stats);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u16);
	__type(value, __u64);
} ports SEC(".maps");

enum { S_OTHER, S_IPV4, S_IPV6, S_TCP, S_UDP, S_VLAN, S_BAD };

static __always_inline void count(__u32 slot, __u64 len)
{
	struct flow_stats *s = bpf_map_lookup_elem(&stats, &slot);
	if (s) {
		s->packets++;
		s->bytes += len;
	}
}

static __always_inline int parse_l4(void *l4, void *data_end, __u8 proto, __u64 len)
{
	__u16 dport = 0;
	if (proto == IPPROTO_TCP) {
		struct tcphdr *th = l4;
		if ((void *)(th + 1) > data_end)
			return XDP_DROP;
		count(S_TCP, len);
		dport = th->dest;
		if (th->syn && !th->ack && dport == bpf_htons(23))
			return XDP_DROP;
	} else if (proto == IPPROTO_UDP) {
		struct udphdr *uh = l4;
		if ((void *)(uh + 1) > data_end)
			return XDP_DROP;
		count(S_UDP, len);
		dport = uh->dest;
	}
	if (dport) {
		__u16 key = bpf_ntohs(dport);
		__u64 *hits = bpf_map_lookup_elem(&ports, &key);
		if (hits)
			__sync_fetch_and_add(hits, 1);
		else {
			__u64 one = 1;
			bpf_map_update_elem(&ports, &key, &one, BPF_NOEXIST);
		}
	}
	return XDP_PASS;
}

SEC("xdp")
int xdp_parser(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u64 len = data_end - data;
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	__u16 proto = eth->h_proto;
	void *cursor = eth + 1;
#pragma unroll
	for (int i = 0; i < 2; i++) {
		if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
			break;
		struct vlan_hdr *vh = cursor;
		if ((void *)(vh + 1) > data_end)
			return XDP_DROP;
		count(S_VLAN, len);
		proto = vh->h_vlan_encapsulated_proto;
		cursor = vh + 1;
	}
	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *iph = cursor;
		if ((void *)(iph + 1) > data_end)
			return XDP_DROP;
		if (iph->ihl < 5) {
			count(S_BAD, len);
			return XDP_DROP;
		}
		count(S_IPV4, len);
		if (iph->frag_off & bpf_htons(0x1fff))
			return XDP_PASS;
		return parse_l4((void *)iph + iph->ihl * 4, data_end, iph->protocol, len);
	}
	if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = cursor;
		if ((void *)(ip6 + 1) > data_end)
			return XDP_DROP;
		count(S_IPV6, len);
		return parse_l4(ip6 + 1, data_end, ip6->nexthdr, len);
	}
	count(S_OTHER, len);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`;

const TC_REWRITE = `#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/pkt_cls.h>
#include <stddef.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define IP_OFF ETH_HLEN
#define L4_OFF (ETH_HLEN + sizeof(struct iphdr))

SEC("tc")
int tc_rewrite(struct __sk_buff *skb)
{
	struct iphdr iph;
	if (skb->protocol != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	if (bpf_skb_load_bytes(skb, IP_OFF, &iph, sizeof(iph)) || iph.ihl != 5)
		return TC_ACT_OK;
	__be32 new_dst = bpf_htonl(0x0a000001);
	__u32 csum_off;
	__u32 port_off;
	if (iph.protocol == IPPROTO_TCP) {
		csum_off = L4_OFF + offsetof(struct tcphdr, check);
		port_off = L4_OFF + offsetof(struct tcphdr, dest);
	} else if (iph.protocol == IPPROTO_UDP) {
		csum_off = L4_OFF + offsetof(struct udphdr, check);
		port_off = L4_OFF + offsetof(struct udphdr, dest);
	} else
		return TC_ACT_OK;
	bpf_l3_csum_replace(skb, IP_OFF + offsetof(struct iphdr, check), iph.daddr, new_dst, sizeof(new_dst));
	bpf_l4_csum_replace(skb, csum_off, iph.daddr, new_dst, BPF_F_PSEUDO_HDR | sizeof(new_dst));
	bpf_skb_store_bytes(skb, IP_OFF + offsetof(struct iphdr, daddr), &new_dst, sizeof(new_dst), 0);
	__be16 old_port, new_port = bpf_htons(8080);
	if (bpf_skb_load_bytes(skb, port_off, &old_port, sizeof(old_port)))
		return TC_ACT_SHOT;
	bpf_l4_csum_replace(skb, csum_off, old_port, new_port, sizeof(new_port));
	bpf_skb_store_bytes(skb, port_off, &new_port, sizeof(new_port), 0);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
`;

/** Generated blocks (a map and a helper each) that bring the parser up to ~300 lines. */
const BLOCKS = 11;

/** A ~300-line file: the parser plus generated helper functions and maps, made unique by `salt`. */
function bigFile(salt: number): string {
  const extra: string[] = [];
  for (let i = 0; i < BLOCKS; i++) {
    extra.push(`struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, ${4 + i});
	__type(key, __u32);
	__type(value, __u64);
} extra_${i}_${salt} SEC(".maps");

static __always_inline __u64 mix_${i}_${salt}(__u64 x, __u32 k)
{
	__u64 *v = bpf_map_lookup_elem(&extra_${i}_${salt}, &k);
	if (!v)
		return x ^ ${i * 31 + salt};
	x = (x << ${(i % 7) + 1}) | (x >> ${64 - ((i % 7) + 1)});
	return x + *v;
}
`);
  }
  return `${PARSER}\n${extra.join('\n')}\nSEC("xdp")\nint extra_prog(struct xdp_md *ctx)\n{\n\t__u64 h = ${salt};\n${Array.from({ length: BLOCKS }, (_, i) => `\th = mix_${i}_${salt}(h, ${i % 4});`).join('\n')}\n\treturn h ? XDP_PASS : XDP_DROP;\n}\n`;
}

/** The baseline: the parser's work hand-written in TypeScript. */
function nativeParse(p: Uint8Array, counters: Float64Array, ports: Map<number, number>): number {
  const len = p.length;
  if (len < 14) return 1;
  let proto = (p[12] << 8) | p[13];
  let off = 14;
  for (let i = 0; i < 2 && (proto === 0x8100 || proto === 0x88a8); i++) {
    if (off + 4 > len) return 1;
    counters[5]++;
    proto = (p[off + 2] << 8) | p[off + 3];
    off += 4;
  }
  let l4 = -1;
  let l4proto = 0;
  if (proto === 0x0800) {
    if (off + 20 > len) return 1;
    const ihl = p[off] & 15;
    if (ihl < 5) return 1;
    counters[1]++;
    if (((p[off + 6] << 8) | p[off + 7]) & 0x1fff) return 2;
    l4 = off + ihl * 4;
    l4proto = p[off + 9];
  } else if (proto === 0x86dd) {
    if (off + 40 > len) return 1;
    counters[2]++;
    l4 = off + 40;
    l4proto = p[off + 6];
  } else {
    counters[0]++;
    return 2;
  }
  if (l4proto === 6 || l4proto === 17) {
    if (l4 + (l4proto === 6 ? 20 : 8) > len) return 1;
    const dport = (p[l4 + 2] << 8) | p[l4 + 3];
    ports.set(dport, (ports.get(dport) ?? 0) + 1);
  }
  return 2;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function packetsPerSecond(prepared: Prepared, packets: Uint8Array[], n: number, section: string): number {
  const state = createState(prepared);
  for (let i = 0; i < Math.min(n, 2000); i++) runPacket(prepared, { section, packet: packets[i % packets.length], state, lineValues: false });
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const r = runPacket(prepared, { section, packet: packets[i % packets.length], state, lineValues: false });
    if (r.fault) throw new Error(`bench program faulted: ${r.fault.message}`);
  }
  return (n / (performance.now() - t0)) * 1000;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const ri = process.argv.indexOf('--rounds');
  const rounds = ri > 0 ? Math.max(1, Number(process.argv[ri + 1]) || 5) : quick ? 3 : 7;
  const n = quick ? 5_000 : 20_000;
  const names = ['ipv4-tcp-syn', 'ipv4-udp-dns', 'ipv6-tcp-syn', 'vlan-ipv4-udp', 'qinq-ipv4-udp', 'arp-request', 'ipv4-tcp-data', 'ipv6-udp'];
  const packets = names.map((x) => catalogPacket(x)!);
  const ipv4 = ['ipv4-tcp-syn', 'ipv4-udp-dns', 'ipv4-tcp-data'].map((x) => catalogPacket(x)!);

  const parser = await prepareProgram(PARSER, { path: 'bench-parser.bpf.c' });
  const tc = await prepareProgram(TC_REWRITE, { path: 'bench-tc.bpf.c' });
  for (const p of [parser, tc]) if (!p.ok) throw new Error(p.diagnostics.map((d) => d.message).join('; '));

  const parserPps: number[] = [];
  const tcPps: number[] = [];
  const nativePps: number[] = [];
  const firstRun: number[] = [];
  // warm the built-in header preludes (once per process) before timing first runs
  await prepareProgram(bigFile(0), { path: 'warm.bpf.c' });
  for (let r = 0; r < rounds; r++) {
    parserPps.push(packetsPerSecond(parser, packets, n, 'xdp'));
    tcPps.push(packetsPerSecond(tc, ipv4, n, 'tc'));
    const counters = new Float64Array(8);
    const ports = new Map<number, number>();
    const t0 = performance.now();
    for (let i = 0; i < n * 20; i++) nativeParse(packets[i % packets.length], counters, ports);
    nativePps.push(((n * 20) / (performance.now() - t0)) * 1000);
    const src = bigFile(r + 1);
    const t1 = performance.now();
    const prepared = await prepareProgram(src, { path: `big-${r}.bpf.c` });
    const res = runPacket(prepared, { section: 'xdp', function: 'xdp_parser', packet: packets[0], lineValues: false });
    firstRun.push(performance.now() - t1);
    if (!prepared.ok || res.fault) throw new Error(`300-line file failed: ${prepared.diagnostics[0]?.message ?? res.fault?.message}`);
  }
  const lines = bigFile(1).split('\n').length;
  const m = {
    parserPps: Math.round(median(parserPps)),
    tcRewritePps: Math.round(median(tcPps)),
    nativeBaselinePps: Math.round(median(nativePps)),
    firstRunMs: Number(median(firstRun).toFixed(2)),
    firstRunLines: lines,
    rounds,
  };
  const pad = (s: string) => s.padEnd(44);
  console.log('bpfls interpreter throughput (medians)');
  console.log(`${pad('XDP parser (~100 lines), packets/s')}${m.parserPps.toLocaleString('en')}`);
  console.log(`${pad('TC checksum rewrite, packets/s')}${m.tcRewritePps.toLocaleString('en')}`);
  console.log(`${pad('baseline: same parse in TypeScript, pkts/s')}${m.nativeBaselinePps.toLocaleString('en')}  (interpreter at ${((m.parserPps / m.nativeBaselinePps) * 100).toFixed(2)}% of native)`);
  console.log(`${pad(`first run of a ${lines}-line file, ms`)}${m.firstRunMs}`);
  const floors = [
    { name: 'parser >= 10,000 packets/s', ok: m.parserPps >= 10_000 },
    { name: `first run of a ~300-line file < 50 ms`, ok: m.firstRunMs < 50 },
  ];
  for (const f of floors) console.log(`${f.ok ? 'PASS' : 'FAIL'}  ${f.name}`);
  console.log(JSON.stringify({ bench: 'interp-throughput', ...m, floors: Object.fromEntries(floors.map((f) => [f.name, f.ok])) }));
  if (floors.some((f) => !f.ok)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
});
