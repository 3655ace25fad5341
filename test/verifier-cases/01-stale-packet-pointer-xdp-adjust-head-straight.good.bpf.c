// SPDX-License-Identifier: GPL-2.0
// Check: bpf/stale-packet-pointer (GOOD)
// Shape: straight-line XDP. After bpf_xdp_adjust_head() the program reloads data and
// data_end from ctx and checks the bounds again before touching the Ethernet header.
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

	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	eth = data;
	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;

	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
