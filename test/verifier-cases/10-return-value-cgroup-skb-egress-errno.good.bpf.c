// SPDX-License-Identifier: GPL-2.0
// Check: bpf/return-value (GOOD)
// Shape: a cgroup_skb egress program returning 0 (drop), 1 (allow) or 2 (drop with
// congestion notification, allowed for egress on this kernel).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define BLOCKED_MARK 0xdead
#define THROTTLED_MARK 0xbeef

SEC("cgroup_skb/egress")
int cg_egress_block(struct __sk_buff *skb)
{
	if (skb->mark == BLOCKED_MARK)
		return 0;
	if (skb->mark == THROTTLED_MARK)
		return 2;
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
