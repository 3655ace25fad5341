// SPDX-License-Identifier: GPL-2.0
// TTL / hop-limit decrement in TC with bpf_skb_store_bytes plus
// bpf_l3_csum_replace (the helper does the one's complement update of the IPv4
// header checksum). TTL <= 1 is TC_ACT_SHOT. Helper returns go to a map.
// packets: ipv4-tcp-syn ipv4-udp-dns ipv4-options ipv6-udp vlan-ipv4-udp ipv4-tcp-1500 ipv4-truncated
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_cls.h>
#include <stddef.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define IP_TTL_OFF (ETH_HLEN + offsetof(struct iphdr, ttl))
#define IP_CSUM_OFF (ETH_HLEN + offsetof(struct iphdr, check))
#define IP6_HLIM_OFF (ETH_HLEN + offsetof(struct ipv6hdr, hop_limit))

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __s64);
} rets SEC(".maps"); /* 0: store_bytes, 1: l3_csum_replace */

static __always_inline void save(__u32 k, __s64 v)
{
	bpf_map_update_elem(&rets, &k, &v, BPF_ANY);
}

SEC("tc")
int tc_ttl_l3csum(struct __sk_buff *skb)
{
	__u8 ttl;

	if (skb->protocol == bpf_htons(ETH_P_IP)) {
		if (bpf_skb_load_bytes(skb, IP_TTL_OFF, &ttl, 1))
			return TC_ACT_OK;
		if (ttl <= 1)
			return TC_ACT_SHOT;
		__u8 new_ttl = ttl - 1;
		/* The TTL is the high byte of the 16-bit word it shares with the protocol. */
		save(1, bpf_l3_csum_replace(skb, IP_CSUM_OFF, bpf_htons((__u16)ttl << 8), bpf_htons((__u16)new_ttl << 8), 2));
		save(0, bpf_skb_store_bytes(skb, IP_TTL_OFF, &new_ttl, 1, 0));
		return TC_ACT_OK;
	}
	if (skb->protocol == bpf_htons(ETH_P_IPV6)) {
		if (bpf_skb_load_bytes(skb, IP6_HLIM_OFF, &ttl, 1))
			return TC_ACT_OK;
		if (ttl <= 1)
			return TC_ACT_SHOT;
		ttl--;
		save(0, bpf_skb_store_bytes(skb, IP6_HLIM_OFF, &ttl, 1, 0));
	}
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
