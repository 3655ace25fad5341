// SPDX-License-Identifier: GPL-2.0
// Check: bpf/argument (GOOD)
// Shape: bpf_map_lookup_elem() with both the map and a pointer to the key.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

SEC("xdp")
int xdp_hits(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *cnt = bpf_map_lookup_elem(&hits, &key);

	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
