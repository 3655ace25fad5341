// SPDX-License-Identifier: GPL-2.0
/*
 * Decrement the IPv4 TTL / IPv6 hop limit of every packet, fixing the IPv4
 * header checksum incrementally (RFC 1624, the math bpf_l3_csum_replace()
 * does for skbs), and drop packets whose TTL would reach zero.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

enum ttl_stat {
	TTL_DECREMENTED,
	TTL_EXPIRED,
	TTL_STAT_MAX,
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, TTL_STAT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} ttl_stats SEC(".maps");

static __always_inline void count(__u32 stat)
{
	__u64 *v = bpf_map_lookup_elem(&ttl_stats, &stat);

	if (v)
		*v += 1;
}

/* Fold a 32-bit one's complement sum to 16 bits and complement it. */
static __always_inline __u16 csum_fold(__u32 csum)
{
	csum = (csum & 0xffff) + (csum >> 16);
	csum = (csum & 0xffff) + (csum >> 16);
	return (__u16)~csum;
}

/* HC' = ~(~HC + ~m + m') for one 16-bit word changing from `from` to `to`. */
static __always_inline void csum_replace2(__sum16 *sum, __be16 from, __be16 to)
{
	__u32 csum = (__u16)~*sum;

	csum += (__u16)~from;
	csum += to;
	*sum = csum_fold(csum);
}

SEC("xdp")
int xdp_ttl_decrement(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;

	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *iph = (void *)(eth + 1);
		__be16 old_word, new_word;

		if ((void *)(iph + 1) > data_end)
			return XDP_PASS;
		if (iph->ttl <= 1) {
			count(TTL_EXPIRED);
			return XDP_DROP;
		}
		/* ttl and protocol share one 16-bit word of the header */
		old_word = *(__be16 *)&iph->ttl;
		iph->ttl--;
		new_word = *(__be16 *)&iph->ttl;
		csum_replace2(&iph->check, old_word, new_word);
		count(TTL_DECREMENTED);
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6h = (void *)(eth + 1);

		if ((void *)(ip6h + 1) > data_end)
			return XDP_PASS;
		if (ip6h->hop_limit <= 1) {
			count(TTL_EXPIRED);
			return XDP_DROP;
		}
		ip6h->hop_limit--;
		count(TTL_DECREMENTED);
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";

// expect-program: xdp_ttl_decrement xdp struct xdp_md
// expect-map: ttl_stats btf BPF_MAP_TYPE_PERCPU_ARRAY key="__u32" value="__u64"
// expect-function: csum_replace2 static always_inline
// expect-function: csum_fold static always_inline
// expect-type: enum ttl_stat
// expect-license: GPL
