// SPDX-License-Identifier: GPL-2.0
// Check: bpf/stale-packet-pointer (BAD)
// Shape: early return + derived pointer. Runt frames are padded to the Ethernet
// minimum with bpf_skb_change_tail(); the program then stamps the IPv4 TOS byte
// through the `ip` pointer it computed before padding.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define MIN_FRAME 60

SEC("tc")
int tc_pad_runts(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(ip + 1) > data_end)
		return TC_ACT_OK;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;

	if (skb->len < MIN_FRAME) {
		if (bpf_skb_change_tail(skb, MIN_FRAME, 0))
			return TC_ACT_SHOT;
	}

	return ip->tos ? TC_ACT_OK : TC_ACT_UNSPEC; // expect-error: bpf/stale-packet-pointer
}

char LICENSE[] SEC("license") = "GPL";
