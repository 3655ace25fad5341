// SPDX-License-Identifier: GPL-2.0
// Check: bpf/flags (GOOD, runtime)
// Shape: TTL decrement with an incremental checksum update done on the 16-bit word that
// holds TTL and protocol, so bpf_l3_csum_replace() gets the valid size 2.
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

struct ttl_proto {
	__u8 ttl;
	__u8 protocol;
};

SEC("tc")
int tc_dec_ttl(struct __sk_buff *skb)
{
	struct ttl_proto old_w, new_w;
	__u16 old_v, new_v;

	if (skb->protocol != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	if (bpf_skb_load_bytes(skb, IP_TTL_OFF, &old_w, sizeof(old_w)))
		return TC_ACT_OK;
	if (old_w.ttl <= 1)
		return TC_ACT_SHOT;
	new_w = old_w;
	new_w.ttl--;

	__builtin_memcpy(&old_v, &old_w, sizeof(old_v));
	__builtin_memcpy(&new_v, &new_w, sizeof(new_v));
	if (bpf_l3_csum_replace(skb, IP_CSUM_OFF, old_v, new_v, sizeof(new_v)))
		return TC_ACT_SHOT;
	if (bpf_skb_store_bytes(skb, IP_TTL_OFF, &new_w, sizeof(new_w), 0))
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
