// SPDX-License-Identifier: GPL-2.0
// Answers pings from XDP: ICMP / ICMPv6 echo request -> echo reply, MACs and IP
// addresses swapped (with __builtin_memcpy), checksum fixed incrementally,
// sent back with XDP_TX. Everything else passes.
// packets: ipv4-icmp-echo ipv6-icmp-echo ipv4-tcp-syn vlan-ipv4-udp ipv4-truncated
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} replies SEC(".maps");

static __always_inline __u16 csum_fold(__u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)sum;
}

/* Incremental update when a 16-bit word goes from old to new (network order values). */
static __always_inline __u16 csum_update(__u16 check, __u16 old, __u16 new)
{
	__u32 sum = (__u16)~check + (__u16)~old + (__u32)new;
	return ~csum_fold(sum);
}

static __always_inline void swap_macs(struct ethhdr *eth)
{
	__u8 tmp[ETH_ALEN];

	__builtin_memcpy(tmp, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, tmp, ETH_ALEN);
}

static __always_inline void count(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&replies, &idx);
	if (v)
		__sync_fetch_and_add(v, 1);
}

SEC("xdp")
int xdp_icmp_echo_reply(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *iph = (void *)(eth + 1);
		if ((void *)(iph + 1) > data_end || iph->ihl != 5 || iph->protocol != IPPROTO_ICMP)
			return XDP_PASS;
		struct icmphdr *icmp = (void *)(iph + 1);
		if ((void *)(icmp + 1) > data_end || icmp->type != ICMP_ECHO)
			return XDP_PASS;
		__be32 tmp = iph->saddr;
		iph->saddr = iph->daddr;
		iph->daddr = tmp;
		/* type 8 -> 0: the first 16-bit word goes 0x0800 -> 0x0000 */
		icmp->type = ICMP_ECHOREPLY;
		icmp->checksum = csum_update(icmp->checksum, bpf_htons(ICMP_ECHO << 8), bpf_htons(ICMP_ECHOREPLY << 8));
		swap_macs(eth);
		count(0);
		return XDP_TX;
	}
	if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);
		if ((void *)(ip6 + 1) > data_end || ip6->nexthdr != IPPROTO_ICMPV6)
			return XDP_PASS;
		struct icmp6hdr *icmp6 = (void *)(ip6 + 1);
		if ((void *)(icmp6 + 1) > data_end || icmp6->icmp6_type != ICMPV6_ECHO_REQUEST)
			return XDP_PASS;
		struct in6_addr tmp;
		__builtin_memcpy(&tmp, &ip6->saddr, sizeof(tmp));
		__builtin_memcpy(&ip6->saddr, &ip6->daddr, sizeof(tmp));
		__builtin_memcpy(&ip6->daddr, &tmp, sizeof(tmp));
		ip6->hop_limit = 64;
		/* The pseudo-header sum is unchanged by the swap; only the type moves. */
		icmp6->icmp6_type = ICMPV6_ECHO_REPLY;
		icmp6->icmp6_cksum = csum_update(icmp6->icmp6_cksum, bpf_htons(ICMPV6_ECHO_REQUEST << 8),
						 bpf_htons(ICMPV6_ECHO_REPLY << 8));
		swap_macs(eth);
		count(1);
		return XDP_TX;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
