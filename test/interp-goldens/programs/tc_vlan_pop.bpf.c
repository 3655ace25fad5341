// SPDX-License-Identifier: GPL-2.0
// bpf_skb_vlan_pop on in-band tags: the outer tag leaves the packet bytes, and
// if another tag follows (QinQ) the kernel moves that one out of band into
// skb->vlan_tci too. Untagged frames: the helper does nothing and returns 0.
// packets: vlan-ipv4-udp qinq-ipv4-udp ipv4-udp-dns
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct vlan_state {
	__s32 ret;
	__u32 present_after;
	__u32 tci_after;
	__u32 proto_after;
	__u32 protocol_before;
	__u32 protocol_after;
	__u32 len_before;
	__u32 len_after;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct vlan_state);
} last SEC(".maps");

SEC("tc")
int tc_vlan_pop(struct __sk_buff *skb)
{
	struct vlan_state st = {};
	__u32 zero = 0;

	st.protocol_before = bpf_ntohs(skb->protocol);
	st.len_before = skb->len;
	st.ret = bpf_skb_vlan_pop(skb);
	st.present_after = skb->vlan_present;
	st.tci_after = skb->vlan_tci;
	st.proto_after = bpf_ntohs(skb->vlan_proto);
	st.protocol_after = bpf_ntohs(skb->protocol);
	st.len_after = skb->len;
	bpf_map_update_elem(&last, &zero, &st, BPF_ANY);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
