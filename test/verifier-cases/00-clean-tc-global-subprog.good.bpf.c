// SPDX-License-Identifier: GPL-2.0
// Check: none (clean GOOD program, guards against false positives)
// Shape: a global (non-static) BPF function, verified on its own, that pulls the
// headers into the linear area with bpf_skb_pull_data() and then loads fresh packet
// pointers from the skb it was given; the TC program calls it and classifies by mark.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define HDR_LEN (sizeof(struct ethhdr) + sizeof(struct iphdr) + sizeof(struct tcphdr))
#define CLASS_WEB 1
#define CLASS_OTHER 2

__noinline int classify(struct __sk_buff *skb)
{
	void *data, *data_end;
	struct ethhdr *eth;
	struct iphdr *ip;
	struct tcphdr *tcp;

	if (!skb)
		return CLASS_OTHER;
	if (bpf_skb_pull_data(skb, HDR_LEN))
		return CLASS_OTHER;

	data = (void *)(long)skb->data;
	data_end = (void *)(long)skb->data_end;
	eth = data;
	ip = (void *)(eth + 1);
	tcp = (void *)(ip + 1);
	if ((void *)(tcp + 1) > data_end)
		return CLASS_OTHER;
	if (eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5 || ip->protocol != IPPROTO_TCP)
		return CLASS_OTHER;
	if (tcp->dest == bpf_htons(80) || tcp->dest == bpf_htons(443))
		return CLASS_WEB;
	return CLASS_OTHER;
}

SEC("tc")
int tc_classify(struct __sk_buff *skb)
{
	skb->mark = classify(skb);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
