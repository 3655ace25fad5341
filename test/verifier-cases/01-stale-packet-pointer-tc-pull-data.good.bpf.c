// SPDX-License-Identifier: GPL-2.0
// Check: bpf/stale-packet-pointer (GOOD)
// Shape: the non-linear skb fallback done right: after bpf_skb_pull_data() the pointers
// are reloaded from skb and the TCP header is bounds-checked again.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define HDR_LEN (sizeof(struct ethhdr) + sizeof(struct iphdr) + sizeof(struct tcphdr))

SEC("tc")
int tc_block_telnet(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct tcphdr *tcp = data + sizeof(struct ethhdr) + sizeof(struct iphdr);

	if (skb->protocol != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;

	if ((void *)(tcp + 1) > data_end) {
		if (bpf_skb_pull_data(skb, HDR_LEN))
			return TC_ACT_OK;
		data = (void *)(long)skb->data;
		data_end = (void *)(long)skb->data_end;
		tcp = data + sizeof(struct ethhdr) + sizeof(struct iphdr);
		if ((void *)(tcp + 1) > data_end)
			return TC_ACT_OK;
	}

	if (tcp->dest == bpf_htons(23))
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
