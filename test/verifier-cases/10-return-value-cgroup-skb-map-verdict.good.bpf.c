// SPDX-License-Identifier: GPL-2.0
// Check: bpf/return-value (GOOD)
// Shape: the verdict read from a policy map is normalised to 0 or 1 before it is
// returned.
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
	return *verdict ? 1 : 0;
}

char LICENSE[] SEC("license") = "GPL";
