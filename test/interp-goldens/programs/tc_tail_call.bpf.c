// SPDX-License-Identifier: GPL-2.0
// Tail calls in TC, with the prog array filled from user space through
// maps-init (by program name) rather than statically. The classifier sets
// skb->mark, jumps by L4 protocol; the TCP stage jumps once more (a chain of
// two tail calls) to the stage that sets skb->priority.
// entry: tc_classify
// maps-init: tc_tail_call.maps.json
// packets: ipv4-tcp-syn ipv4-udp-dns ipv4-icmp-echo arp-request
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/pkt_cls.h>
#include <stddef.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 32);
	__type(key, __u32);
	__type(value, __u32);
} stages SEC(".maps");

SEC("tc")
int stage_priority(struct __sk_buff *skb)
{
	skb->priority = 4;
	return TC_ACT_OK;
}

SEC("tc")
int stage_tcp(struct __sk_buff *skb)
{
	skb->mark |= 0x100;
	bpf_tail_call(skb, &stages, 7);
	return TC_ACT_SHOT; /* only when slot 7 is empty */
}

SEC("tc")
int stage_udp(struct __sk_buff *skb)
{
	skb->mark |= 0x200;
	return TC_ACT_OK;
}

SEC("tc")
int tc_classify(struct __sk_buff *skb)
{
	__u8 proto;

	skb->mark = 1;
	if (skb->protocol != bpf_htons(ETH_P_IP))
		return TC_ACT_UNSPEC;
	if (bpf_skb_load_bytes(skb, ETH_HLEN + offsetof(struct iphdr, protocol), &proto, 1))
		return TC_ACT_SHOT;
	bpf_tail_call(skb, &stages, proto);
	skb->mark = 0xdead;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
