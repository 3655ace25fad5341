// SPDX-License-Identifier: GPL-2.0
// Check: bpf/flags (BAD, runtime)
// Shape: "insert if absent" on an array map. Array elements always exist, so
// bpf_map_update_elem(..., BPF_NOEXIST) fails with -EEXIST at run time and the
// program aborts.
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
	__u64 now = bpf_ktime_get_ns();

	if (bpf_map_update_elem(&first_seen_ns, &key, &now, BPF_NOEXIST)) // expect-error: bpf/flags
		return XDP_ABORTED;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
