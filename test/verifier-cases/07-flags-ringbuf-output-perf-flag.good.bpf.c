// SPDX-License-Identifier: GPL-2.0
// Check: bpf/flags (GOOD, runtime)
// Shape: bpf_ringbuf_output() with flags 0.
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

	if (bpf_ringbuf_output(&samples, &s, sizeof(s), 0))
		return XDP_ABORTED;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
