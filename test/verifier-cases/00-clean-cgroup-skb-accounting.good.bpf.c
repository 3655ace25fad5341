// SPDX-License-Identifier: GPL-2.0
// Check: none (clean GOOD program, guards against false positives)
// Shape: per-cgroup traffic accounting with a byte quota. Ingress and egress programs
// share a static __always_inline helper, use an LRU hash keyed by cgroup id, update
// counters atomically, and return only 0 or 1.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct usage {
	__u64 bytes;
	__u64 packets;
	__u64 quota;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);
	__type(value, struct usage);
} usage_by_cgroup SEC(".maps");

static __always_inline int account(struct __sk_buff *skb)
{
	__u64 cgid = bpf_skb_cgroup_id(skb);
	struct usage *u, fresh = {};

	u = bpf_map_lookup_elem(&usage_by_cgroup, &cgid);
	if (!u) {
		fresh.bytes = skb->len;
		fresh.packets = 1;
		bpf_map_update_elem(&usage_by_cgroup, &cgid, &fresh, BPF_NOEXIST);
		return 1;
	}
	__sync_fetch_and_add(&u->bytes, skb->len);
	__sync_fetch_and_add(&u->packets, 1);
	if (u->quota && u->bytes > u->quota)
		return 0;
	return 1;
}

SEC("cgroup_skb/ingress")
int cg_ingress(struct __sk_buff *skb)
{
	return account(skb);
}

SEC("cgroup_skb/egress")
int cg_egress(struct __sk_buff *skb)
{
	return account(skb);
}

char LICENSE[] SEC("license") = "GPL";
