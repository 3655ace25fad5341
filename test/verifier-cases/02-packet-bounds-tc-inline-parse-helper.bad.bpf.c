// SPDX-License-Identifier: GPL-2.0
// Check: bpf/packet-bounds (BAD)
// Shape: static __always_inline parser. parse_ipv4() checks the Ethernet header and
// returns a pointer to the IPv4 header without checking it; the caller trusts the
// returned pointer.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define BLOCKED_NET 0xc6336400 /* 198.51.100.0/24 */

static __always_inline struct iphdr *parse_ipv4(void *data, void *data_end)
{
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return NULL;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return NULL;
	return (struct iphdr *)(eth + 1);
}

SEC("tc")
int tc_block_net(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *ip = parse_ipv4(data, data_end);

	if (!ip)
		return TC_ACT_OK;
	if ((ip->saddr & bpf_htonl(0xffffff00)) == bpf_htonl(BLOCKED_NET)) // expect-error: bpf/packet-bounds
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
