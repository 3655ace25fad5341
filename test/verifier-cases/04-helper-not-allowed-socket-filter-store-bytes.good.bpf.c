// SPDX-License-Identifier: GPL-2.0
// Check: bpf/helper-not-allowed (GOOD)
// Shape: socket filter that reads the TOS byte with bpf_skb_load_bytes() (allowed) and
// drops marked packets instead of rewriting them.
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>

SEC("socket")
int sock_scrub_tos(struct __sk_buff *skb)
{
	__u8 tos;

	if (bpf_skb_load_bytes(skb, ETH_HLEN + offsetof(struct iphdr, tos), &tos, sizeof(tos)))
		return 0;
	return tos ? 0 : skb->len;
}

char LICENSE[] SEC("license") = "GPL";
