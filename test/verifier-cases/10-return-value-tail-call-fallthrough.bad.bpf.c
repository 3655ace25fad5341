// SPDX-License-Identifier: GPL-2.0
// Check: bpf/return-value (BAD)
// Shape: code after bpf_tail_call(). The author assumes the tail call never returns and
// ends with `return -1`, but when the slot is empty the call falls through and that
// value is returned from a cgroup_skb program, which must return 0 or 1.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} stages SEC(".maps");

SEC("cgroup_skb/ingress")
int cg_dispatch(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &stages, skb->protocol == 0x0008 ? 0 : 1);
	return -1; // expect-error: bpf/return-value
}

char LICENSE[] SEC("license") = "GPL";
