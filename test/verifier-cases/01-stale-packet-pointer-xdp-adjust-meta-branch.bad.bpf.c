// SPDX-License-Identifier: GPL-2.0
// Check: bpf/stale-packet-pointer (BAD)
// Shape: branches. For TCP packets the program reserves 4 bytes of metadata with
// bpf_xdp_adjust_meta() inside an if; after the branches merge it reads the IPv4 TTL
// through `ip`, which is stale on the TCP path.
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

	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;

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

	if (ip->ttl <= 1) // expect-error: bpf/stale-packet-pointer
		return XDP_DROP;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
