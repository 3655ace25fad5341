// SPDX-License-Identifier: GPL-2.0
// Check: bpf/stale-packet-pointer (BAD)
// Shape: straight-line TC. Untagged IPv4 traffic gets VLAN 100 pushed with
// bpf_skb_vlan_push(); the program then checks the EtherType again through the
// old `eth` pointer to decide whether to redirect.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define TRUNK_IFINDEX 3
#define VLAN_ID 100

SEC("tc")
int tc_tag_vlan(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return TC_ACT_OK;
	if (eth->h_proto == bpf_htons(ETH_P_8021Q))
		return TC_ACT_OK;

	if (bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021Q), VLAN_ID))
		return TC_ACT_SHOT;

	if (eth->h_proto != bpf_htons(ETH_P_IP)) // expect-error: bpf/stale-packet-pointer
		return TC_ACT_OK;
	return bpf_redirect(TRUNK_IFINDEX, 0);
}

char LICENSE[] SEC("license") = "GPL";
