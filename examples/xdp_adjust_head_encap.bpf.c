// SPDX-License-Identifier: GPL-2.0
/*
 * IP-in-IP encapsulation in XDP: grow the packet at the front with
 * bpf_xdp_adjust_head(), move the Ethernet header, write an outer IPv4
 * header (protocol IPPROTO_IPIP) and compute its checksum.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* Tunnel endpoints, network byte order (set by the loader). */
const volatile __u32 tunnel_src = 0;
const volatile __u32 tunnel_dst = 0;
/* Only packets to this inner destination are encapsulated (0: all). */
const volatile __u32 match_daddr = 0;

static __always_inline __u16 ip_checksum(struct iphdr *iph)
{
	__u16 *word = (__u16 *)iph;
	__u32 sum = 0;

#pragma unroll
	for (int i = 0; i < (int)(sizeof(*iph) / 2); i++)
		sum += word[i];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

SEC("xdp")
int xdp_ipip_encap(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;
	struct iphdr *inner = (void *)(eth + 1);
	struct ethhdr *new_eth, *old_eth;
	struct iphdr *outer;
	__u16 inner_len;

	if ((void *)(inner + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if (match_daddr && inner->daddr != match_daddr)
		return XDP_PASS;
	inner_len = bpf_ntohs(inner->tot_len);

	if (bpf_xdp_adjust_head(ctx, -(int)sizeof(struct iphdr)))
		return XDP_DROP;

	/* the helper invalidated every packet pointer: load them again */
	data_end = (void *)(long)ctx->data_end;
	data = (void *)(long)ctx->data;
	new_eth = data;
	old_eth = data + sizeof(struct iphdr);
	outer = (void *)(new_eth + 1);
	if ((void *)(old_eth + 1) > data_end || (void *)(outer + 1) > data_end)
		return XDP_DROP;

	__builtin_memcpy(new_eth->h_dest, old_eth->h_dest, ETH_ALEN);
	__builtin_memcpy(new_eth->h_source, old_eth->h_source, ETH_ALEN);
	new_eth->h_proto = bpf_htons(ETH_P_IP);

	outer->version = 4;
	outer->ihl = sizeof(*outer) >> 2;
	outer->tos = 0;
	outer->tot_len = bpf_htons(inner_len + sizeof(*outer));
	outer->id = 0;
	outer->frag_off = bpf_htons(0x4000); /* don't fragment */
	outer->ttl = 64;
	outer->protocol = IPPROTO_IPIP;
	outer->check = 0;
	outer->saddr = tunnel_src;
	outer->daddr = tunnel_dst;
	outer->check = ip_checksum(outer);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";

// expect-program: xdp_ipip_encap xdp struct xdp_md
// expect-global: tunnel_src .rodata
// expect-global: match_daddr .rodata
// expect-function: ip_checksum static always_inline
// expect-call: bpf_xdp_adjust_head
// expect-license: GPL
