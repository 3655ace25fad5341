// SPDX-License-Identifier: GPL-2.0
/*
 * Walk the IPv6 extension header chain (bounded, unrolled) to find the
 * upper-layer protocol. Drops packets carrying a type 0 routing header
 * (deprecated by RFC 5095) and counts the upper-layer protocols seen.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define MAX_EXT_HEADERS 6

/* The fragment header has a fixed size and no length field (RFC 8200 4.5). */
struct ipv6_frag_hdr {
	__u8 nexthdr;
	__u8 reserved;
	__be16 frag_off;
	__be32 identification;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} l4_protocols SEC(".maps");

static __always_inline int is_ext_header(__u8 nexthdr)
{
	return nexthdr == IPPROTO_HOPOPTS || nexthdr == IPPROTO_ROUTING || nexthdr == IPPROTO_FRAGMENT ||
	       nexthdr == IPPROTO_DSTOPTS;
}

SEC("xdp")
int xdp_ipv6_ext(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;
	struct ipv6hdr *ip6h;
	__u8 nexthdr;
	void *cursor;
	__u32 key;
	__u64 *n;

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IPV6))
		return XDP_PASS;
	ip6h = (void *)(eth + 1);
	if ((void *)(ip6h + 1) > data_end)
		return XDP_PASS;
	nexthdr = ip6h->nexthdr;
	cursor = ip6h + 1;

#pragma unroll
	for (int i = 0; i < MAX_EXT_HEADERS; i++) {
		if (!is_ext_header(nexthdr))
			break;
		if (nexthdr == IPPROTO_FRAGMENT) {
			struct ipv6_frag_hdr *frag = cursor;

			if ((void *)(frag + 1) > data_end)
				return XDP_PASS;
			nexthdr = frag->nexthdr;
			cursor = frag + 1;
			continue;
		}
		struct ipv6_opt_hdr *opt = cursor;

		if ((void *)(opt + 1) > data_end)
			return XDP_PASS;
		if (nexthdr == IPPROTO_ROUTING) {
			struct ipv6_rt_hdr *rt = cursor;

			if ((void *)(rt + 1) > data_end)
				return XDP_PASS;
			if (rt->type == 0)
				return XDP_DROP;
		}
		nexthdr = opt->nexthdr;
		cursor += (opt->hdrlen + 1) << 3;
	}

	key = nexthdr;
	n = bpf_map_lookup_elem(&l4_protocols, &key);
	if (n)
		*n += 1;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";

// expect-program: xdp_ipv6_ext xdp struct xdp_md
// expect-map: l4_protocols btf BPF_MAP_TYPE_PERCPU_ARRAY key="__u32" value="__u64" max_entries=256
// expect-type: struct ipv6_frag_hdr
// expect-macro: MAX_EXT_HEADERS object
// expect-function: is_ext_header static always_inline
// expect-license: GPL
