// SPDX-License-Identifier: GPL-2.0
// Check: bpf/map-value-null (GOOD)
// Shape: straight-line XDP. Per-source packet counter in a hash map: the value is
// NULL-checked, and a missing entry is created with bpf_map_update_elem().
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __be32);
	__type(value, __u64);
} pkts_by_src SEC(".maps");

SEC("xdp")
int xdp_count_src(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	__be32 saddr;
	__u64 *cnt, one = 1;

	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;

	saddr = ip->saddr;
	cnt = bpf_map_lookup_elem(&pkts_by_src, &saddr);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	else
		bpf_map_update_elem(&pkts_by_src, &saddr, &one, BPF_NOEXIST);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
