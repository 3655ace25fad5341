// SPDX-License-Identifier: GPL-2.0
// Check: bpf/helper-not-allowed (BAD)
// Shape: socket filter that tries to scrub a field before the packet reaches the
// socket. Socket filters may only read the packet; bpf_skb_store_bytes() is not
// available to them.
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>

SEC("socket")
int sock_scrub_tos(struct __sk_buff *skb)
{
	__u8 tos = 0;

	bpf_skb_store_bytes(skb, ETH_HLEN + offsetof(struct iphdr, tos), &tos, sizeof(tos), 0); // expect-error: bpf/helper-not-allowed
	return skb->len;
}

char LICENSE[] SEC("license") = "GPL";
