// SPDX-License-Identifier: GPL-2.0
// An LRU hash of IPv4 5-tuples (key zero-filled with __builtin_memset so the
// padding is deterministic) holding per-flow packet counts and TCP flags seen.
// Stays under max_entries: LRU eviction order is a kernel implementation detail.
// repeat-packets: 2
// packets: ipv4-tcp-syn ipv4-tcp-data ipv4-udp-dns ipv4-icmp-echo ipv4-tcp-1500 ipv6-udp
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct flow_key {
	__be32 saddr;
	__be32 daddr;
	__be16 sport;
	__be16 dport;
	__u8 proto;
	__u8 pad[3];
};

struct flow_val {
	__u32 packets;
	__u8 tcp_flags;
	__u8 pad[3];
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 64);
	__type(key, struct flow_key);
	__type(value, struct flow_val);
} flows SEC(".maps");

SEC("xdp")
int xdp_lru_flows(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph = (void *)(eth + 1);
	struct flow_key key;
	__u8 flags = 0;

	if ((void *)(iph + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	__builtin_memset(&key, 0, sizeof(key));
	key.saddr = iph->saddr;
	key.daddr = iph->daddr;
	key.proto = iph->protocol;
	void *l4 = (void *)iph + iph->ihl * 4;
	if (iph->protocol == IPPROTO_TCP) {
		struct tcphdr *th = l4;
		if ((void *)(th + 1) > data_end)
			return XDP_PASS;
		key.sport = th->source;
		key.dport = th->dest;
		flags = ((__u8 *)th)[13];
	} else if (iph->protocol == IPPROTO_UDP) {
		struct udphdr *uh = l4;
		if ((void *)(uh + 1) > data_end)
			return XDP_PASS;
		key.sport = uh->source;
		key.dport = uh->dest;
	}
	struct flow_val *v = bpf_map_lookup_elem(&flows, &key);
	if (v) {
		v->packets++;
		v->tcp_flags |= flags;
	} else {
		struct flow_val nv = { .packets = 1, .tcp_flags = flags };
		bpf_map_update_elem(&flows, &key, &nv, BPF_ANY);
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
