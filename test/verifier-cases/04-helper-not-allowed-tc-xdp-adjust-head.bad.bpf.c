// SPDX-License-Identifier: GPL-2.0
// Check: bpf/helper-not-allowed (BAD)
// Shape: XDP code ported to TC. bpf_xdp_adjust_head() is XDP-only; a TC program that
// wants to strip an outer header must use bpf_skb_adjust_room().
#include <linux/bpf.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("tc")
int tc_decap(struct __sk_buff *skb)
{
	if (skb->protocol != bpf_htons(0x0800))
		return TC_ACT_OK;
	if (bpf_xdp_adjust_head((struct xdp_md *)skb, sizeof(struct iphdr))) // expect-error: bpf/helper-not-allowed
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
