// SPDX-License-Identifier: GPL-2.0
// Check: bpf/helper-not-allowed (BAD)
// Shape: a TC program using the XDP redirect idiom. bpf_redirect_map() is only available
// to XDP programs; TC programs redirect with bpf_redirect() / bpf_redirect_neigh().
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} tx_ports SEC(".maps");

SEC("tc")
int tc_forward(struct __sk_buff *skb)
{
	__u32 port = skb->mark & 63;

	return bpf_redirect_map(&tx_ports, port, TC_ACT_OK); // expect-error: bpf/helper-not-allowed
}

char LICENSE[] SEC("license") = "GPL";
