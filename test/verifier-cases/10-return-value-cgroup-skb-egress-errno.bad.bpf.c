// SPDX-License-Identifier: GPL-2.0
// Check: bpf/return-value (BAD)
// Shape: early return of an errno. A cgroup_skb egress program denies traffic by
// returning -EPERM; egress programs must return a value in [0, 3] (bit 0: allow,
// bit 1: congestion notification).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define EPERM 1
#define BLOCKED_MARK 0xdead

SEC("cgroup_skb/egress")
int cg_egress_block(struct __sk_buff *skb)
{
	if (skb->mark == BLOCKED_MARK)
		return -EPERM; // expect-error: bpf/return-value
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
