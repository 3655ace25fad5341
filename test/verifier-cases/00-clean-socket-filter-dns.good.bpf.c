// SPDX-License-Identifier: GPL-2.0
// Check: none (clean GOOD program, guards against false positives)
// Shape: a socket filter (SO_ATTACH_BPF) that keeps only DNS responses. Socket filters
// cannot access packet data directly, so headers are copied to the stack with
// bpf_skb_load_bytes(); the variable IPv4 header length is bounded before use. Returns
// 0 (drop) or the number of bytes to keep.
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("socket")
int keep_dns_responses(struct __sk_buff *skb)
{
	struct iphdr ip;
	struct udphdr udp;
	__u32 ihl_len;

	if (skb->protocol != bpf_htons(ETH_P_IP))
		return 0;
	if (bpf_skb_load_bytes(skb, ETH_HLEN, &ip, sizeof(ip)))
		return 0;
	if (ip.protocol != IPPROTO_UDP)
		return 0;
	ihl_len = ip.ihl * 4;
	if (ihl_len < sizeof(ip))
		return 0;
	if (bpf_skb_load_bytes(skb, ETH_HLEN + ihl_len, &udp, sizeof(udp)))
		return 0;
	if (udp.source != bpf_htons(53))
		return 0;
	return skb->len;
}

char LICENSE[] SEC("license") = "GPL";
