// SPDX-License-Identifier: GPL-2.0
// Check: bpf/stale-packet-pointer (BAD)
// Shape: branches. Only tagged frames are popped with bpf_skb_vlan_pop(); after the if
// the program parses IPv4 with the `ip` pointer computed before the branch.
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
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(ip + 1) > data_end)
		return TC_ACT_OK;

	if (skb->vlan_present) {
		if (bpf_skb_vlan_pop(skb))
			return TC_ACT_SHOT;
	}

	if (ip->protocol == IPPROTO_UDP) // expect-error: bpf/stale-packet-pointer
		skb->mark = 0x11;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
