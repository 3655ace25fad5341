// SPDX-License-Identifier: GPL-2.0
// Walks IPv6 extension headers with a bounded loop (no unrolling: the verifier
// checks the loop bound), records the chain, the final protocol and where the
// L4 header starts, and drops non-first fragments.
// packets: ipv6-ext-tcp ipv6-ext-frag-udp ipv6-tcp-syn ipv6-udp ipv6-icmp-echo ipv4-tcp-syn
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define MAX_EXT 8

struct chain {
	__u8 types[MAX_EXT];
	__u8 count;
	__u8 final_proto;
	__u16 l4_offset;
	__be32 frag_id;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct chain);
} last SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u8);
	__type(value, __u32);
} ext_seen SEC(".maps");

struct frag_hdr {
	__u8 nexthdr;
	__u8 reserved;
	__be16 frag_off;
	__be32 identification;
};

SEC("xdp")
int xdp_ipv6_exthdr(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct ipv6hdr *ip6 = (void *)(eth + 1);
	struct chain c = {};
	__u32 zero = 0;
	__u8 nh;
	void *cur;

	if ((void *)(ip6 + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IPV6))
		return XDP_PASS;
	nh = ip6->nexthdr;
	cur = ip6 + 1;
	for (int i = 0; i < MAX_EXT; i++) {
		if (nh != IPPROTO_HOPOPTS && nh != IPPROTO_ROUTING && nh != IPPROTO_DSTOPTS && nh != IPPROTO_FRAGMENT)
			break;
		struct ipv6_opt_hdr *oh = cur;
		if ((void *)(oh + 1) > data_end)
			return XDP_DROP;
		c.types[i & (MAX_EXT - 1)] = nh;
		c.count++;
		__u32 *n = bpf_map_lookup_elem(&ext_seen, &nh);
		if (n) {
			*n += 1;
		} else {
			__u32 one = 1;
			bpf_map_update_elem(&ext_seen, &nh, &one, BPF_ANY);
		}
		if (nh == IPPROTO_FRAGMENT) {
			struct frag_hdr *fh = cur;
			if ((void *)(fh + 1) > data_end)
				return XDP_DROP;
			c.frag_id = fh->identification;
			if (fh->frag_off & bpf_htons(0xfff8))
				return XDP_DROP;
			nh = fh->nexthdr;
			cur = fh + 1;
		} else {
			nh = oh->nexthdr;
			cur += (oh->hdrlen + 1) * 8;
		}
	}
	c.final_proto = nh;
	c.l4_offset = cur - data;
	bpf_map_update_elem(&last, &zero, &c, BPF_ANY);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
