// SPDX-License-Identifier: GPL-2.0
// Check: bpf/map-value-null (BAD)
// Shape: branches. The flow entry is NULL-checked only on the TCP path; after the
// branches merge the byte counter is updated through a pointer that may be NULL on the
// UDP path.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct flow_stats {
	__u64 packets;
	__u64 bytes;
	__u64 tcp_packets;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __be32);
	__type(value, struct flow_stats);
} flows SEC(".maps");

SEC("xdp")
int xdp_flow_stats(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct flow_stats *st;
	__be32 daddr;

	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;

	daddr = ip->daddr;
	st = bpf_map_lookup_elem(&flows, &daddr);
	if (ip->protocol == IPPROTO_TCP) {
		if (!st)
			return XDP_PASS;
		st->tcp_packets++;
	}
	st->bytes += data_end - data; // expect-error: bpf/map-value-null
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
