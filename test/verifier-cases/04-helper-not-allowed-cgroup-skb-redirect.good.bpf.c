// SPDX-License-Identifier: GPL-2.0
// Check: bpf/helper-not-allowed (GOOD)
// Shape: cgroup_skb egress program that drops marked traffic of the cgroup (return 0)
// and counts the drops; only helpers allowed for cgroup_skb are used.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} dropped SEC(".maps");

SEC("cgroup_skb/egress")
int steer_to_vpn(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *cnt;

	if (skb->mark == 0x100) {
		cnt = bpf_map_lookup_elem(&dropped, &key);
		if (cnt)
			__sync_fetch_and_add(cnt, 1);
		return 0;
	}
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
