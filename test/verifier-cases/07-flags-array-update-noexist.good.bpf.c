// SPDX-License-Identifier: GPL-2.0
// Check: bpf/flags (GOOD, runtime)
// Shape: "insert if absent" on an array map done with a lookup: the zero-initialised
// slot is written only while it is still 0, with BPF_ANY semantics.
// run: ipv4-tcp error-retval=0
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} first_seen_ns SEC(".maps");

SEC("xdp")
int xdp_first_packet(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *slot = bpf_map_lookup_elem(&first_seen_ns, &key);

	if (!slot)
		return XDP_ABORTED;
	if (*slot == 0)
		__sync_val_compare_and_swap(slot, 0, bpf_ktime_get_ns());
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
