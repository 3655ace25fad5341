// SPDX-License-Identifier: GPL-2.0
// bpf_skb_vlan_push. The kernel keeps the pushed tag out of band (in
// skb->vlan_tci, "hardware accelerated") and only writes a tag into the packet
// bytes when a second tag is pushed on top. IPv4 gets one push (VLAN 42),
// IPv6 two (802.1Q 10, then 802.1ad 20 with PCP 3), an already tagged frame
// (in-band 802.1Q) one 802.1ad 200, which stays out of band too. The skb VLAN
// fields before and after go to a map; ARP is left alone.
// packets: ipv4-tcp-syn ipv6-udp vlan-ipv4-udp arp-request
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct vlan_state {
	__s32 ret1;
	__s32 ret2;
	__u32 present_before;
	__u32 present_after;
	__u32 tci_after;
	__u32 proto_after;
	__u32 protocol_after;
	__u32 len_after;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct vlan_state);
} last SEC(".maps");

SEC("tc")
int tc_vlan_push(struct __sk_buff *skb)
{
	struct vlan_state st = {};
	__u32 zero = 0;

	st.present_before = skb->vlan_present;
	if (skb->protocol == bpf_htons(ETH_P_IP)) {
		st.ret1 = bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021Q), 42);
	} else if (skb->protocol == bpf_htons(ETH_P_IPV6)) {
		st.ret1 = bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021Q), 10);
		st.ret2 = bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021AD), (3 << 13) | 20);
	} else if (skb->protocol == bpf_htons(ETH_P_8021Q)) {
		st.ret1 = bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021AD), 200);
	} else {
		return TC_ACT_OK;
	}
	st.present_after = skb->vlan_present;
	st.tci_after = skb->vlan_tci;
	st.proto_after = bpf_ntohs(skb->vlan_proto);
	st.protocol_after = bpf_ntohs(skb->protocol);
	st.len_after = skb->len;
	bpf_map_update_elem(&last, &zero, &st, BPF_ANY);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
