// SPDX-License-Identifier: GPL-2.0
// Check: bpf/stale-packet-pointer (GOOD)
// Shape: branches. Tagged frames are popped with bpf_skb_vlan_pop() before any packet
// pointer is derived; the IPv4 header is parsed afterwards from fresh data/data_end.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("tc")
int tc_untag(struct __sk_buff *skb)
{
	void *data, *data_end;
	struct ethhdr *eth;
	struct iphdr *ip;

	if (skb->vlan_present) {
		if (bpf_skb_vlan_pop(skb))
			return TC_ACT_SHOT;
	}

	data = (void *)(long)skb->data;
	data_end = (void *)(long)skb->data_end;
	eth = data;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return TC_ACT_OK;

	if (ip->protocol == IPPROTO_UDP)
		skb->mark = 0x11;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
