// SPDX-License-Identifier: GPL-2.0
// Records what a TC program sees in struct __sk_buff under BPF_PROG_TEST_RUN
// (protocol, len, pkt_type, VLAN fields, ifindexes, wire_len, data_end - data)
// and writes mark, priority, tc_classid, tc_index and cb[] so that ctx_out
// shows which fields come back.
// packets: ipv4-tcp-syn ipv6-udp vlan-ipv4-udp qinq-ipv4-udp arp-request eth-only ipv4-truncated ipv4-tcp-1500
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct seen {
	__u32 len;
	__u32 pkt_type;
	__u32 protocol;
	__u32 vlan_present;
	__u32 vlan_tci;
	__u32 vlan_proto;
	__u32 ifindex;
	__u32 ingress_ifindex;
	__u32 wire_len;
	__u32 data_len;
	__u32 gso_segs;
	__u32 mark;
	__u32 priority;
	__u32 queue_mapping;
	__u32 tc_index;
	__u32 cb0;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct seen);
} last SEC(".maps");

SEC("tc")
int tc_skb_fields(struct __sk_buff *skb)
{
	struct seen s = {};
	__u32 zero = 0;

	s.len = skb->len;
	s.pkt_type = skb->pkt_type;
	s.protocol = bpf_ntohs(skb->protocol);
	s.vlan_present = skb->vlan_present;
	s.vlan_tci = skb->vlan_tci;
	s.vlan_proto = bpf_ntohs(skb->vlan_proto);
	s.ifindex = skb->ifindex;
	s.ingress_ifindex = skb->ingress_ifindex;
	s.wire_len = skb->wire_len;
	s.data_len = (long)skb->data_end - (long)skb->data;
	s.gso_segs = skb->gso_segs;
	s.mark = skb->mark;
	s.priority = skb->priority;
	s.queue_mapping = skb->queue_mapping;
	s.tc_index = skb->tc_index;
	s.cb0 = skb->cb[0];
	bpf_map_update_elem(&last, &zero, &s, BPF_ANY);

	skb->mark = 0x1000 + s.len;
	skb->priority = 6;
	skb->tc_classid = 0x10001;
	skb->tc_index = 7;
	skb->cb[0] = 0xdeadbeef;
	skb->cb[4] = s.protocol;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
