// SPDX-License-Identifier: GPL-2.0
// Check: bpf/flags (GOOD, runtime)
// Shape: bpf_skb_store_bytes() with BPF_F_INVALIDATE_HASH, one of its two valid flags.
// run: ipv4-tcp error-retval=2
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#define IP_TOS_OFF (ETH_HLEN + offsetof(struct iphdr, tos))

SEC("tc")
int tc_clear_tos(struct __sk_buff *skb)
{
	__u8 tos = 0;

	if (bpf_skb_store_bytes(skb, IP_TOS_OFF, &tos, sizeof(tos), BPF_F_INVALIDATE_HASH))
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
