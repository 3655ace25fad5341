// SPDX-License-Identifier: GPL-2.0
// Check: bpf/argument (GOOD)
// Shape: bpf_skb_load_bytes() into a stack struct with sizeof(that struct).
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("tc")
int tc_only_ipv4(struct __sk_buff *skb)
{
	struct ethhdr eth;

	if (bpf_skb_load_bytes(skb, 0, &eth, sizeof(eth)))
		return TC_ACT_OK;
	return eth.h_proto == bpf_htons(ETH_P_IP) ? TC_ACT_OK : TC_ACT_SHOT;
}

char LICENSE[] SEC("license") = "GPL";
