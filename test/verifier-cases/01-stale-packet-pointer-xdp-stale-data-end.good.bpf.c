// SPDX-License-Identifier: GPL-2.0
// Check: bpf/stale-packet-pointer (GOOD)
// Shape: IPIP encapsulation. After growing the head with bpf_xdp_adjust_head() both
// ctx->data and ctx->data_end are reloaded before the new headers are bounds-checked
// and written.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct encap_hdr {
	struct ethhdr eth;
	struct iphdr ip;
} __attribute__((packed));

SEC("xdp")
int xdp_ipip_encap(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *inner = (void *)(eth + 1);
	struct encap_hdr encap = {};
	struct encap_hdr *hdr;

	if ((void *)(inner + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;

	__builtin_memcpy(&encap.eth, eth, sizeof(encap.eth));
	encap.ip.version = 4;
	encap.ip.ihl = 5;
	encap.ip.ttl = 64;
	encap.ip.protocol = IPPROTO_IPIP;
	encap.ip.tot_len = bpf_htons(bpf_ntohs(inner->tot_len) + sizeof(struct iphdr));
	encap.ip.saddr = inner->saddr;
	encap.ip.daddr = inner->daddr;

	if (bpf_xdp_adjust_head(ctx, -(int)sizeof(struct iphdr)))
		return XDP_DROP;

	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	hdr = data;
	if ((void *)(hdr + 1) > data_end)
		return XDP_DROP;
	*hdr = encap;
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
