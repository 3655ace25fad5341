// SPDX-License-Identifier: GPL-2.0
// Check: bpf/printk-format (GOOD)
// Shape: building a label with BPF_SNPRINTF (bpf_snprintf) using only supported
// conversions (%u).
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, char[32]);
} labels SEC(".maps");

SEC("tc")
int tc_label(struct __sk_buff *skb)
{
	char label[32];
	__u32 key = skb->ifindex;

	BPF_SNPRINTF(label, sizeof(label), "if%u/q%u", skb->ifindex, skb->queue_mapping);
	bpf_map_update_elem(&labels, &key, label, BPF_ANY);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
