// SPDX-License-Identifier: GPL-2.0
// Check: bpf/argument (GOOD, reduced privileges)
// Shape: the flow key is zero-initialised (`= {}`) before its fields are set, so the
// helper reads only initialised stack, even for a loader with CAP_BPF + CAP_NET_ADMIN
// only.
// privileges: CAP_BPF CAP_NET_ADMIN
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct flow_key {
	__be32 saddr;
	__be32 daddr;
	__be16 sport;
	__be16 dport;
	__u32 proto;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, struct flow_key);
	__type(value, __u32);
} blocked SEC(".maps");

SEC("xdp")
int xdp_flow_block(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct tcphdr *tcp = (void *)(ip + 1);
	struct flow_key key = {};

	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;

	key.saddr = ip->saddr;
	key.daddr = ip->daddr;
	if (ip->protocol == IPPROTO_TCP && ip->ihl == 5) {
		if ((void *)(tcp + 1) > data_end)
			return XDP_PASS;
		key.sport = tcp->source;
		key.dport = tcp->dest;
		key.proto = IPPROTO_TCP;
	}
	if (bpf_map_lookup_elem(&blocked, &key))
		return XDP_DROP;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
