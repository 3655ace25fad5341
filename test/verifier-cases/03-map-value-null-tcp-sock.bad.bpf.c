// SPDX-License-Identifier: GPL-2.0
// Check: bpf/map-value-null (BAD)
// Shape: derived socket pointers in cgroup_skb. skb->sk is checked, but the result of
// bpf_tcp_sock() (NULL for non-TCP sockets) is read without a check.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} retransmits SEC(".maps");

SEC("cgroup_skb/egress")
int egress_retrans(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;
	struct bpf_tcp_sock *tp;
	__u32 key = 0;
	__u64 *total;

	if (!sk)
		return 1;
	tp = bpf_tcp_sock(sk);
	total = bpf_map_lookup_elem(&retransmits, &key);
	if (total)
		*total = tp->total_retrans; // expect-error: bpf/map-value-null
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
