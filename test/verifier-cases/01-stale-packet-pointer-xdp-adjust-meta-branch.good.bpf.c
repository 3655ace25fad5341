// SPDX-License-Identifier: GPL-2.0
// Check: bpf/stale-packet-pointer (GOOD)
// Shape: branches. Same program as the BAD case, but the TTL is read before the branch
// that calls bpf_xdp_adjust_meta(), so no packet pointer is used after the call
// except the freshly loaded data_meta/data pair.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define MARK_TCP 0x7cb

SEC("xdp")
int xdp_mark_tcp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	__u8 ttl;

	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;

	ttl = ip->ttl;
	if (ip->protocol == IPPROTO_TCP) {
		__u32 *meta;

		if (bpf_xdp_adjust_meta(ctx, -(int)sizeof(*meta)))
			return XDP_ABORTED;
		meta = (void *)(long)ctx->data_meta;
		data = (void *)(long)ctx->data;
		if ((void *)(meta + 1) > data)
			return XDP_ABORTED;
		*meta = MARK_TCP;
	}

	if (ttl <= 1)
		return XDP_DROP;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
