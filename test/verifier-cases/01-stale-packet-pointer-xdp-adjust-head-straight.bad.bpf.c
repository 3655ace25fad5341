// SPDX-License-Identifier: GPL-2.0
// Check: bpf/stale-packet-pointer (BAD)
// Shape: straight-line XDP. The program strips a 4-byte shim header in front of the
// Ethernet header with bpf_xdp_adjust_head() and then keeps using `eth`, which was
// derived from ctx->data before the call.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define SHIM_LEN 4

SEC("xdp")
int xdp_strip_shim(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;

	if (bpf_xdp_adjust_head(ctx, SHIM_LEN))
		return XDP_DROP;

	if (eth->h_proto != bpf_htons(ETH_P_IP)) // expect-error: bpf/stale-packet-pointer
		return XDP_PASS;
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
