// SPDX-License-Identifier: GPL-2.0
// Check: bpf/return-value (BAD)
// Shape: TC habits in a cgroup_skb program. cgroup_skb ingress programs must return 1
// (allow) or 0 (drop); TC_ACT_SHOT (2) and TC_ACT_OK (0) are TC verdicts.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#define MAX_INGRESS_LEN 9000

SEC("cgroup_skb/ingress")
int cg_ingress_len(struct __sk_buff *skb)
{
	if (skb->len > MAX_INGRESS_LEN)
		return TC_ACT_SHOT; // expect-error: bpf/return-value
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
