// SPDX-License-Identifier: GPL-2.0
// Check: bpf/helper-not-allowed (BAD)
// Shape: TC code ported to XDP. bpf_skb_store_bytes() only exists for skb-based
// program types; XDP programs must write the packet directly or use
// bpf_xdp_store_bytes().
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

static const unsigned char gw_mac[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0xfe };

SEC("xdp")
int xdp_set_gw_mac(struct xdp_md *ctx)
{
	if (bpf_skb_store_bytes(ctx, offsetof(struct ethhdr, h_dest), gw_mac, ETH_ALEN, 0)) // expect-error: bpf/helper-not-allowed
		return XDP_ABORTED;
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
