// SPDX-License-Identifier: GPL-2.0
// Check: bpf/helper-not-allowed (BAD)
// Shape: a tracing helper in a networking program: bpf_get_stack() is not available
// to XDP programs (even as root).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define MAX_DEPTH 16

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} stacks SEC(".maps");

SEC("xdp")
int xdp_who_calls(struct xdp_md *ctx)
{
	__u64 *ips = bpf_ringbuf_reserve(&stacks, MAX_DEPTH * sizeof(__u64), 0);

	if (!ips)
		return XDP_PASS;
	bpf_get_stack(ctx, ips, MAX_DEPTH * sizeof(__u64), 0); // expect-error: bpf/helper-not-allowed
	bpf_ringbuf_submit(ips, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
