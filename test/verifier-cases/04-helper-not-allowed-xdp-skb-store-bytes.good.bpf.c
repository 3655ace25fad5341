// SPDX-License-Identifier: GPL-2.0
// Check: bpf/helper-not-allowed (GOOD)
// Shape: the XDP way to rewrite bytes at an offset: bpf_xdp_store_bytes().
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

static const unsigned char gw_mac[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0xfe };

SEC("xdp")
int xdp_set_gw_mac(struct xdp_md *ctx)
{
	if (bpf_xdp_store_bytes(ctx, offsetof(struct ethhdr, h_dest), (void *)gw_mac, ETH_ALEN))
		return XDP_ABORTED;
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
