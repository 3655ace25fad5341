// SPDX-License-Identifier: GPL-2.0
// Check: bpf/stale-packet-pointer (GOOD)
// Shape: pointer kept in a local. After bpf_skb_change_head() both data and data_end
// are reloaded from skb before the new Ethernet header is written.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

static const struct ethhdr l2_template = {
	.h_dest = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 },
	.h_source = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 },
	.h_proto = __bpf_constant_htons(ETH_P_IP),
};

SEC("tc")
int tc_add_l2(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth;

	if (data + 1 > data_end)
		return TC_ACT_OK;

	if (bpf_skb_change_head(skb, sizeof(struct ethhdr), 0))
		return TC_ACT_SHOT;

	data = (void *)(long)skb->data;
	data_end = (void *)(long)skb->data_end;
	eth = data;
	if ((void *)(eth + 1) > data_end)
		return TC_ACT_SHOT;
	__builtin_memcpy(eth, &l2_template, sizeof(*eth));
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
