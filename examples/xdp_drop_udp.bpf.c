// SPDX-License-Identifier: GPL-2.0
/*
 * Drop UDP datagrams sent to one port (set by the loader through .rodata)
 * and count the drops per CPU. Everything else passes.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* Host byte order; a loader may change it before loading. */
const volatile __u16 blocked_port = 53;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} drop_count SEC(".maps");

SEC("xdp")
int xdp_drop_udp(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;
	struct udphdr *udph;
	struct iphdr *iph;
	__u32 key = 0;
	__u64 *count;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;

	iph = (void *)(eth + 1);
	if ((void *)(iph + 1) > data_end)
		return XDP_PASS;
	if (iph->protocol != IPPROTO_UDP || iph->ihl < 5)
		return XDP_PASS;

	udph = (void *)iph + iph->ihl * 4;
	if ((void *)(udph + 1) > data_end)
		return XDP_PASS;
	if (udph->dest != bpf_htons(blocked_port))
		return XDP_PASS;

	count = bpf_map_lookup_elem(&drop_count, &key);
	if (count)
		*count += 1;
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";

// expect-program: xdp_drop_udp xdp struct xdp_md
// expect-map: drop_count btf BPF_MAP_TYPE_PERCPU_ARRAY key="__u32" value="__u64" max_entries=1
// expect-global: blocked_port .rodata
// expect-license: GPL
// expect-call: bpf_map_lookup_elem
// expect-include: linux/udp.h system
