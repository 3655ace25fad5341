// SPDX-License-Identifier: GPL-2.0
// Check: bpf/helper-not-allowed (GOOD)
// Shape: a static __always_inline helper reached from two programs. The shared part
// only looks at already-loaded ports; each program loads them with the helper of its
// own program type (bpf_skb_load_bytes / bpf_xdp_load_bytes).
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define L4_OFF (ETH_HLEN + sizeof(struct iphdr))

struct ports {
	__be16 src;
	__be16 dst;
};

static __always_inline int is_blocked(struct ports *p)
{
	return p->dst == bpf_htons(23) || p->dst == bpf_htons(513);
}

SEC("tc")
int tc_block_ports(struct __sk_buff *skb)
{
	struct ports p;

	if (bpf_skb_load_bytes(skb, L4_OFF, &p, sizeof(p)))
		return TC_ACT_OK;
	return is_blocked(&p) ? TC_ACT_SHOT : TC_ACT_OK;
}

SEC("xdp")
int xdp_block_ports(struct xdp_md *ctx)
{
	struct ports p;

	if (bpf_xdp_load_bytes(ctx, L4_OFF, &p, sizeof(p)))
		return XDP_PASS;
	return is_blocked(&p) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
