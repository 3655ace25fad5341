// SPDX-License-Identifier: GPL-2.0
// Check: bpf/return-value (BAD)
// Shape: the verdict is read from a policy map and returned as is. The verifier only
// knows it is some 32-bit value, not that it is 0 or 1.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u32);
} policy SEC(".maps");

SEC("cgroup_skb/ingress")
int cg_policy(struct __sk_buff *skb)
{
	__u32 port = skb->local_port;
	__u32 *verdict = bpf_map_lookup_elem(&policy, &port);

	if (!verdict)
		return 1;
	return *verdict; // expect-error: bpf/return-value
}

char LICENSE[] SEC("license") = "GPL";
