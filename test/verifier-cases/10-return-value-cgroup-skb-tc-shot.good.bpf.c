// SPDX-License-Identifier: GPL-2.0
// Check: bpf/return-value (GOOD)
// Shape: a cgroup_skb ingress program returning 0 (drop) or 1 (allow).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define MAX_INGRESS_LEN 9000

SEC("cgroup_skb/ingress")
int cg_ingress_len(struct __sk_buff *skb)
{
	if (skb->len > MAX_INGRESS_LEN)
		return 0;
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
