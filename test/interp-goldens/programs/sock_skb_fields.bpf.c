// SPDX-License-Identifier: GPL-2.0
// What a socket filter sees in struct __sk_buff under BPF_PROG_TEST_RUN:
// len (without the Ethernet header), protocol, pkt_type, ifindex, and where
// offset 0 points (the first 4 bytes loaded). Returns skb->len.
// packets: ipv4-tcp-syn ipv6-udp vlan-ipv4-udp arp-request ipv4-tcp-1500
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct seen {
	__u32 len;
	__u32 protocol;
	__u32 pkt_type;
	__u32 ifindex;
	__u32 mark;
	__u32 priority;
	__u32 vlan_present;
	__u8 first4[4];
	__s32 load_ret;
	__u32 cb0;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct seen);
} last SEC(".maps");

SEC("socket")
int sock_skb_fields(struct __sk_buff *skb)
{
	struct seen s = {};
	__u32 zero = 0;

	s.len = skb->len;
	s.protocol = bpf_ntohs(skb->protocol);
	s.pkt_type = skb->pkt_type;
	s.ifindex = skb->ifindex;
	s.mark = skb->mark;
	s.priority = skb->priority;
	s.vlan_present = skb->vlan_present;
	s.load_ret = bpf_skb_load_bytes(skb, 0, s.first4, 4);
	s.cb0 = skb->cb[0];
	skb->cb[1] = s.len;
	bpf_map_update_elem(&last, &zero, &s, BPF_ANY);
	return skb->len;
}

char LICENSE[] SEC("license") = "GPL";
