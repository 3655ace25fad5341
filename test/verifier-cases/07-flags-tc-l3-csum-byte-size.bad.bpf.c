// SPDX-License-Identifier: GPL-2.0
// Check: bpf/flags (BAD, runtime)
// Shape: TTL decrement with an incremental checksum update. The low four bits of
// bpf_l3_csum_replace()'s flags give the size of the changed field, and only 2 and 4
// (or 0 for a precomputed diff) are valid; sizeof(__u8) for the one-byte TTL makes the
// helper return -EINVAL and the program drops the packet.
// run: ipv4-tcp error-retval=2
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define IP_TTL_OFF (ETH_HLEN + offsetof(struct iphdr, ttl))
#define IP_CSUM_OFF (ETH_HLEN + offsetof(struct iphdr, check))

SEC("tc")
int tc_dec_ttl(struct __sk_buff *skb)
{
	__u8 old_ttl, new_ttl;

	if (skb->protocol != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	if (bpf_skb_load_bytes(skb, IP_TTL_OFF, &old_ttl, sizeof(old_ttl)))
		return TC_ACT_OK;
	if (old_ttl <= 1)
		return TC_ACT_SHOT;
	new_ttl = old_ttl - 1;

	if (bpf_l3_csum_replace(skb, IP_CSUM_OFF, old_ttl, new_ttl, sizeof(new_ttl))) // expect-error: bpf/flags
		return TC_ACT_SHOT;
	if (bpf_skb_store_bytes(skb, IP_TTL_OFF, &new_ttl, sizeof(new_ttl), 0))
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
