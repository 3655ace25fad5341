// SPDX-License-Identifier: GPL-2.0
// Check: bpf/stale-packet-pointer (GOOD)
// Shape: static __always_inline helper. After rewrite_daddr() (bpf_l3_csum_replace +
// bpf_skb_store_bytes) the caller reloads skb->data/data_end and re-checks the IPv4
// header before reading the TTL.
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define IP_CSUM_OFF (ETH_HLEN + offsetof(struct iphdr, check))
#define IP_DST_OFF (ETH_HLEN + offsetof(struct iphdr, daddr))

#define VIP_ADDR 0x0a000002     /* 10.0.0.2 */
#define BACKEND_ADDR 0x0a000063 /* 10.0.0.99 */

static __always_inline int rewrite_daddr(struct __sk_buff *skb, __be32 old_addr, __be32 new_addr)
{
	if (bpf_l3_csum_replace(skb, IP_CSUM_OFF, old_addr, new_addr, sizeof(new_addr)))
		return -1;
	return bpf_skb_store_bytes(skb, IP_DST_OFF, &new_addr, sizeof(new_addr), 0);
}

SEC("tc")
int tc_dnat(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(ip + 1) > data_end)
		return TC_ACT_OK;
	if (eth->h_proto != bpf_htons(ETH_P_IP) || ip->daddr != bpf_htonl(VIP_ADDR))
		return TC_ACT_OK;

	if (rewrite_daddr(skb, ip->daddr, bpf_htonl(BACKEND_ADDR)))
		return TC_ACT_SHOT;

	data = (void *)(long)skb->data;
	data_end = (void *)(long)skb->data_end;
	ip = data + sizeof(struct ethhdr);
	if ((void *)(ip + 1) > data_end)
		return TC_ACT_SHOT;
	if (ip->ttl <= 1)
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
