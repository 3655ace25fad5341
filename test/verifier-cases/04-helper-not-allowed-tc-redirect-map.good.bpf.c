// SPDX-License-Identifier: GPL-2.0
// Check: bpf/helper-not-allowed (GOOD)
// Shape: a TC program that looks the egress ifindex up in a hash map and redirects
// with bpf_redirect().
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} tx_ports SEC(".maps");

SEC("tc")
int tc_forward(struct __sk_buff *skb)
{
	__u32 port = skb->mark & 63;
	__u32 *ifindex = bpf_map_lookup_elem(&tx_ports, &port);

	if (!ifindex)
		return TC_ACT_OK;
	return bpf_redirect(*ifindex, 0);
}

char LICENSE[] SEC("license") = "GPL";
