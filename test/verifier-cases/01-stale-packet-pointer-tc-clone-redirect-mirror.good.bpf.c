// SPDX-License-Identifier: GPL-2.0
// Check: bpf/stale-packet-pointer (GOOD)
// Shape: mirroring. The EtherType is read before bpf_clone_redirect(); only the saved
// value is used afterwards.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#define MONITOR_IFINDEX 4

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u16);
	__type(value, __u64);
} bytes_by_proto SEC(".maps");

SEC("tc")
int tc_mirror(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	__u64 *bytes;
	__u16 proto;

	if ((void *)(eth + 1) > data_end)
		return TC_ACT_OK;
	proto = eth->h_proto;

	bpf_clone_redirect(skb, MONITOR_IFINDEX, 0);

	bytes = bpf_map_lookup_elem(&bytes_by_proto, &proto);
	if (bytes)
		__sync_fetch_and_add(bytes, skb->len);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
