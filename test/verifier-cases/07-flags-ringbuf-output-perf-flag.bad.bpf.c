// SPDX-License-Identifier: GPL-2.0
// Check: bpf/flags (BAD, runtime)
// Shape: perf-buffer code converted to a ring buffer without fixing the flags:
// BPF_F_CURRENT_CPU is a bpf_perf_event_output() flag; bpf_ringbuf_output() only
// accepts BPF_RB_NO_WAKEUP / BPF_RB_FORCE_WAKEUP and returns -EINVAL.
// run: ipv4-tcp error-retval=0
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct sample {
	__u32 ifindex;
	__u32 queue;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} samples SEC(".maps");

SEC("xdp")
int xdp_sample(struct xdp_md *ctx)
{
	struct sample s = {
		.ifindex = ctx->ingress_ifindex,
		.queue = ctx->rx_queue_index,
	};

	if (bpf_ringbuf_output(&samples, &s, sizeof(s), BPF_F_CURRENT_CPU)) // expect-error: bpf/flags
		return XDP_ABORTED;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
