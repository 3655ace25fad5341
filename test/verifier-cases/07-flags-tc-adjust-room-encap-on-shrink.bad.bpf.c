// SPDX-License-Identifier: GPL-2.0
// Check: bpf/flags (BAD, runtime)
// Shape: decapsulation written by copying the encapsulation call. The
// BPF_F_ADJ_ROOM_ENCAP_* flags are only valid when growing the packet; with a negative
// len_diff bpf_skb_adjust_room() returns -EINVAL and the program drops the packet.
// run: ipv4-tcp error-retval=2
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define SHIM_LEN 4

SEC("tc")
int tc_strip_shim(struct __sk_buff *skb)
{
	if (skb->protocol != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	if (bpf_skb_adjust_room(skb, -SHIM_LEN, BPF_ADJ_ROOM_MAC, BPF_F_ADJ_ROOM_ENCAP_L3_IPV4)) // expect-error: bpf/flags
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
