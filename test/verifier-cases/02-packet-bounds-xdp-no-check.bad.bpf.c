// SPDX-License-Identifier: GPL-2.0
// Check: bpf/packet-bounds (BAD)
// Shape: straight-line XDP with no bounds check at all: the EtherType is read
// straight from ctx->data.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("xdp")
int xdp_drop_arp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;

	if (eth->h_proto == bpf_htons(ETH_P_ARP)) // expect-error: bpf/packet-bounds
		return XDP_DROP;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
