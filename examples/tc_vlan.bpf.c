// SPDX-License-Identifier: GPL-2.0
/*
 * VLAN tagging at the TC hook: tc_vlan_push tags untagged egress traffic
 * with a configured VLAN id, tc_vlan_pop strips the tag on ingress when it
 * carries that id.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define VLAN_VID_MASK 0x0fff

const volatile __u16 vlan_id = 100;

struct vlan_stats {
	__u64 pushed;
	__u64 popped;
	__u64 errors;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct vlan_stats);
} vlan_stats_map SEC(".maps");

static __always_inline struct vlan_stats *stats(void)
{
	__u32 key = 0;

	return bpf_map_lookup_elem(&vlan_stats_map, &key);
}

SEC("tc")
int tc_vlan_push(struct __sk_buff *skb)
{
	struct vlan_stats *s = stats();

	if (skb->vlan_present)
		return TC_ACT_OK;
	if (bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021Q), vlan_id & VLAN_VID_MASK)) {
		if (s)
			s->errors++;
		return TC_ACT_SHOT;
	}
	if (s)
		s->pushed++;
	return TC_ACT_OK;
}

SEC("tc")
int tc_vlan_pop(struct __sk_buff *skb)
{
	struct vlan_stats *s;

	if (!skb->vlan_present || (skb->vlan_tci & VLAN_VID_MASK) != vlan_id)
		return TC_ACT_OK;
	s = stats();
	if (bpf_skb_vlan_pop(skb)) {
		if (s)
			s->errors++;
		return TC_ACT_SHOT;
	}
	if (s)
		s->popped++;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";

// expect-program: tc_vlan_push sched_cls struct __sk_buff
// expect-program: tc_vlan_pop sched_cls struct __sk_buff
// expect-map: vlan_stats_map btf BPF_MAP_TYPE_PERCPU_ARRAY key="__u32" value="struct vlan_stats" max_entries=1
// expect-call: bpf_skb_vlan_push
// expect-call: bpf_skb_vlan_pop
// expect-type: struct vlan_stats
// expect-license: GPL
