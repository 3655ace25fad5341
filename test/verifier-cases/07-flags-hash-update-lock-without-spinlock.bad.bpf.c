// SPDX-License-Identifier: GPL-2.0
// Check: bpf/flags (BAD, runtime)
// Shape: BPF_F_LOCK on a map whose value has no struct bpf_spin_lock. The update fails
// with -EINVAL at run time.
// run: ipv4-tcp error-retval=0
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct rate {
	__u64 tokens;
	__u64 last_ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, struct rate);
} rates SEC(".maps");

SEC("xdp")
int xdp_refill(struct xdp_md *ctx)
{
	__u32 queue = ctx->rx_queue_index;
	struct rate r = { .tokens = 100, .last_ns = bpf_ktime_get_ns() };

	if (bpf_map_update_elem(&rates, &queue, &r, BPF_F_LOCK)) // expect-error: bpf/flags
		return XDP_ABORTED;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
