// SPDX-License-Identifier: GPL-2.0
// Check: bpf/helper-not-allowed (GOOD)
// Shape: a real BPF-to-BPF subprogram (static __noinline) reached from a TC and a
// socket filter program; it only uses helpers both program types may call
// (bpf_get_socket_cookie, bpf_map_update_elem).
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 8192);
	__type(key, __u64);
	__type(value, __u64);
} seen_flows SEC(".maps");

static __noinline int record_flow(struct __sk_buff *skb)
{
	__u64 cookie = bpf_get_socket_cookie(skb);
	__u64 len = skb->len;

	return bpf_map_update_elem(&seen_flows, &cookie, &len, BPF_ANY);
}

SEC("tc")
int tc_record(struct __sk_buff *skb)
{
	record_flow(skb);
	return TC_ACT_OK;
}

SEC("socket")
int sock_record(struct __sk_buff *skb)
{
	record_flow(skb);
	return skb->len;
}

char LICENSE[] SEC("license") = "GPL";
