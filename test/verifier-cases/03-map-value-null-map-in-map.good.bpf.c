// SPDX-License-Identifier: GPL-2.0
// Check: bpf/map-value-null (GOOD)
// Shape: map-in-map. The inner map returned by the outer lookup is checked for NULL
// before it is used as a map argument.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct inner_map {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 128);
	__type(key, __u32);
	__type(value, __u32);
} tenant0_rules SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 16);
	__type(key, __u32);
	__array(values, struct inner_map);
} rules_by_tenant SEC(".maps") = {
	.values = { [0] = &tenant0_rules },
};

SEC("tc")
int tc_tenant_rules(struct __sk_buff *skb)
{
	__u32 tenant = skb->mark & 0xf;
	__u32 class_id = skb->priority;
	__u32 *action;
	void *rules;

	rules = bpf_map_lookup_elem(&rules_by_tenant, &tenant);
	if (!rules)
		return TC_ACT_OK;
	action = bpf_map_lookup_elem(rules, &class_id);
	if (action && *action)
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
