// SPDX-License-Identifier: GPL-2.0
// Check: bpf/flags (GOOD, runtime)
// Shape: creating or refreshing a hash entry with BPF_ANY.
// run: ipv4-tcp error-retval=0
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
} last_seen SEC(".maps");

SEC("xdp")
int xdp_track_src(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	__be32 saddr;
	__u64 now;

	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;

	saddr = ip->saddr;
	now = bpf_ktime_get_ns();
	if (bpf_map_update_elem(&last_seen, &saddr, &now, BPF_ANY))
		return XDP_ABORTED;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
