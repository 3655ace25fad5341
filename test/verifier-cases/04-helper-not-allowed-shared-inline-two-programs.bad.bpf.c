// SPDX-License-Identifier: GPL-2.0
// Check: bpf/helper-not-allowed (BAD)
// Shape: a static __always_inline helper reached from two programs. load_l4_ports()
// uses bpf_skb_load_bytes(), which is fine for the TC program but not for the XDP
// program that also calls it. (Two programs in one object; loaded with loadall.)
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

static __always_inline int load_l4_ports(void *ctx, struct ports *p)
{
	return bpf_skb_load_bytes(ctx, L4_OFF, p, sizeof(*p)); // expect-error: bpf/helper-not-allowed
}

static __always_inline int is_blocked(struct ports *p)
{
	return p->dst == bpf_htons(23) || p->dst == bpf_htons(513);
}

SEC("tc")
int tc_block_ports(struct __sk_buff *skb)
{
	struct ports p;

	if (load_l4_ports(skb, &p))
		return TC_ACT_OK;
	return is_blocked(&p) ? TC_ACT_SHOT : TC_ACT_OK;
}

SEC("xdp")
int xdp_block_ports(struct xdp_md *ctx)
{
	struct ports p;

	if (load_l4_ports(ctx, &p))
		return XDP_PASS;
	return is_blocked(&p) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
