// SPDX-License-Identifier: GPL-2.0
// Check: bpf/helper-not-allowed (BAD)
// Shape: copying a header to the stack in XDP with bpf_skb_load_bytes(), which only
// exists for skb-based programs (XDP has bpf_xdp_load_bytes()).
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("xdp")
int xdp_copy_eth(struct xdp_md *ctx)
{
	struct ethhdr eth;

	if (bpf_skb_load_bytes(ctx, 0, &eth, sizeof(eth))) // expect-error: bpf/helper-not-allowed
		return XDP_PASS;
	return eth.h_proto == bpf_htons(ETH_P_IPV6) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
