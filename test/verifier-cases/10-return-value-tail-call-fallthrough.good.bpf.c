// SPDX-License-Identifier: GPL-2.0
// Check: bpf/return-value (GOOD)
// Shape: code after bpf_tail_call() handles the fall-through (empty slot) with a valid
// cgroup_skb verdict.
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
	/* No stage installed: let the packet through. */
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
