// SPDX-License-Identifier: GPL-2.0
// Check: bpf/map-value-null (GOOD)
// Shape: two lookups, both checked before use.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

enum { STAT_PACKETS = 0, STAT_BYTES = 1, STAT_MAX };

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, STAT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

SEC("tc")
int tc_account(struct __sk_buff *skb)
{
	__u32 pkts_key = STAT_PACKETS, bytes_key = STAT_BYTES;
	__u64 *pkts, *bytes;

	pkts = bpf_map_lookup_elem(&stats, &pkts_key);
	bytes = bpf_map_lookup_elem(&stats, &bytes_key);
	if (!pkts || !bytes)
		return TC_ACT_OK;

	__sync_fetch_and_add(pkts, 1);
	__sync_fetch_and_add(bytes, skb->len);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
