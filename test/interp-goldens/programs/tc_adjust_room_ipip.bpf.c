// SPDX-License-Identifier: GPL-2.0
// IP-in-IP encapsulation in TC: bpf_skb_adjust_room(+20, BPF_ADJ_ROOM_MAC,
// BPF_F_ADJ_ROOM_ENCAP_L3_IPV4) opens a gap after the Ethernet header, then an
// outer IPv4 header (10.0.0.1 -> 10.0.0.2, protocol 4) is written with
// bpf_skb_store_bytes, its checksum computed with bpf_csum_diff. IPv6 is left
// alone; for ARP the helper is called anyway to show its error (-ENOTSUPP).
// packets: ipv4-tcp-syn ipv4-udp-dns ipv4-icmp-echo ipv6-udp arp-request
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __s64);
} rets SEC(".maps"); /* 0 adjust_room, 1 store_bytes, 2 new skb->len */

static __always_inline void save(__u32 k, __s64 v)
{
	bpf_map_update_elem(&rets, &k, &v, BPF_ANY);
}

SEC("tc")
int tc_adjust_room_ipip(struct __sk_buff *skb)
{
	struct iphdr inner, outer = {};
	__s64 r;

	if (skb->protocol == bpf_htons(ETH_P_IPV6))
		return TC_ACT_OK;
	r = bpf_skb_adjust_room(skb, sizeof(struct iphdr), BPF_ADJ_ROOM_MAC, BPF_F_ADJ_ROOM_ENCAP_L3_IPV4);
	save(0, r);
	if (r)
		return TC_ACT_OK;
	if (bpf_skb_load_bytes(skb, ETH_HLEN + sizeof(struct iphdr), &inner, sizeof(inner)))
		return TC_ACT_SHOT;
	outer.version = 4;
	outer.ihl = 5;
	outer.tot_len = bpf_htons(bpf_ntohs(inner.tot_len) + sizeof(outer));
	outer.ttl = 64;
	outer.protocol = IPPROTO_IPIP;
	outer.saddr = bpf_htonl(0x0a000001);
	outer.daddr = bpf_htonl(0x0a000002);
	__s64 sum = bpf_csum_diff(0, 0, (__be32 *)&outer, sizeof(outer), 0);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	outer.check = ~sum;
	save(1, bpf_skb_store_bytes(skb, ETH_HLEN, &outer, sizeof(outer), 0));
	save(2, skb->len);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
