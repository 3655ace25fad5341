// SPDX-License-Identifier: GPL-2.0
// IPv6 DNAT in TC: the destination address becomes 2001:db8:ffff::53. IPv6 has
// no header checksum, so only L4 moves: bpf_csum_diff over the old and new
// 16-byte addresses, then bpf_l4_csum_replace(from 0, to diff,
// BPF_F_PSEUDO_HDR) for TCP, UDP and ICMPv6 (all use the pseudo-header).
// packets: ipv6-udp ipv6-tcp-syn ipv6-icmp-echo ipv6-ext-tcp ipv4-udp-dns
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/icmpv6.h>
#include <linux/pkt_cls.h>
#include <stddef.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define IP6_DST_OFF (ETH_HLEN + offsetof(struct ipv6hdr, daddr))
#define L4_OFF (ETH_HLEN + sizeof(struct ipv6hdr))

struct result {
	__s64 diff;
	__s32 csum_ret;
	__s32 store_ret;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct result);
} last SEC(".maps");

SEC("tc")
int tc_ipv6_dnat(struct __sk_buff *skb)
{
	struct ipv6hdr ip6;
	struct result r = {};
	__u32 zero = 0, csum_off;
	struct in6_addr new_dst = { .in6_u.u6_addr32 = { bpf_htonl(0x20010db8), bpf_htonl(0xffff0000), 0, bpf_htonl(0x53) } };

	if (skb->protocol != bpf_htons(ETH_P_IPV6))
		return TC_ACT_OK;
	if (bpf_skb_load_bytes(skb, ETH_HLEN, &ip6, sizeof(ip6)))
		return TC_ACT_SHOT;
	switch (ip6.nexthdr) {
	case IPPROTO_TCP:
		csum_off = L4_OFF + offsetof(struct tcphdr, check);
		break;
	case IPPROTO_UDP:
		csum_off = L4_OFF + offsetof(struct udphdr, check);
		break;
	case IPPROTO_ICMPV6:
		csum_off = L4_OFF + offsetof(struct icmp6hdr, icmp6_cksum);
		break;
	default:
		return TC_ACT_OK; /* extension headers: not handled here */
	}
	r.diff = bpf_csum_diff((__be32 *)&ip6.daddr, sizeof(ip6.daddr), (__be32 *)&new_dst, sizeof(new_dst), 0);
	r.csum_ret = bpf_l4_csum_replace(skb, csum_off, 0, r.diff, BPF_F_PSEUDO_HDR);
	r.store_ret = bpf_skb_store_bytes(skb, IP6_DST_OFF, &new_dst, sizeof(new_dst), 0);
	bpf_map_update_elem(&last, &zero, &r, BPF_ANY);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
