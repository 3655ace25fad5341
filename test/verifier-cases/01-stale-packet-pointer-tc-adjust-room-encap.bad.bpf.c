// SPDX-License-Identifier: GPL-2.0
// Check: bpf/stale-packet-pointer (BAD)
// Shape: encapsulation. bpf_skb_adjust_room() makes room for an outer IPv4 header;
// the program then fills in the outer header through the `ip` pointer it had before
// the call (which pointed at the inner header anyway).
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define TUNNEL_REMOTE 0xc0a80a02 /* 192.168.10.2 */

SEC("tc")
int tc_ipip_encap(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct iphdr outer = {
		.version = 4,
		.ihl = 5,
		.ttl = 64,
		.protocol = IPPROTO_IPIP,
		.daddr = bpf_htonl(TUNNEL_REMOTE),
	};

	if ((void *)(ip + 1) > data_end)
		return TC_ACT_OK;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	outer.saddr = ip->saddr;
	outer.tot_len = bpf_htons(bpf_ntohs(ip->tot_len) + sizeof(outer));

	if (bpf_skb_adjust_room(skb, sizeof(struct iphdr), BPF_ADJ_ROOM_MAC,
				BPF_F_ADJ_ROOM_ENCAP_L3_IPV4))
		return TC_ACT_SHOT;

	__builtin_memcpy(ip, &outer, sizeof(outer)); // expect-error: bpf/stale-packet-pointer
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
