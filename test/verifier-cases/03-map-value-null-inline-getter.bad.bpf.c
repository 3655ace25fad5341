// SPDX-License-Identifier: GPL-2.0
// Check: bpf/map-value-null (BAD)
// Shape: static __always_inline helper. get_limits() wraps the config lookup; the
// caller uses the returned pointer as if the lookup could not fail.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct limits {
	__u32 max_len;
	__u32 mark;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct limits);
} limits_by_ifindex SEC(".maps");

static __always_inline struct limits *get_limits(__u32 ifindex)
{
	return bpf_map_lookup_elem(&limits_by_ifindex, &ifindex);
}

SEC("tc")
int tc_enforce_len(struct __sk_buff *skb)
{
	struct limits *lim = get_limits(skb->ifindex);

	if (skb->len > lim->max_len) // expect-error: bpf/map-value-null
		return TC_ACT_SHOT;
	skb->mark = lim->mark;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
