// SPDX-License-Identifier: GPL-2.0
// Check: bpf/stale-packet-pointer (GOOD)
// Shape: derived pointers (eth -> ip). The protocol is read into a local before
// bpf_skb_store_bytes() rewrites the destination MAC; no packet pointer is used after
// the call.
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define NEXT_HOP_IFINDEX 2

static const unsigned char next_hop_mac[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x42 };

SEC("tc")
int tc_l2_forward(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	__u8 proto;

	if ((void *)(ip + 1) > data_end)
		return TC_ACT_OK;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	proto = ip->protocol;

	if (bpf_skb_store_bytes(skb, offsetof(struct ethhdr, h_dest), next_hop_mac, ETH_ALEN, 0))
		return TC_ACT_SHOT;

	if (proto == IPPROTO_ICMP)
		return TC_ACT_OK;
	return bpf_redirect(NEXT_HOP_IFINDEX, 0);
}

char LICENSE[] SEC("license") = "GPL";
