// SPDX-License-Identifier: GPL-2.0
// Check: bpf/stale-packet-pointer (BAD)
// Shape: the classic non-linear skb fallback. When the TCP header is not in the linear
// area the program calls bpf_skb_pull_data(), but then reads tcp->dest through the
// pointer it computed before the pull.
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
	}

	if (tcp->dest == bpf_htons(23)) // expect-error: bpf/stale-packet-pointer
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
