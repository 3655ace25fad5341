// SPDX-License-Identifier: GPL-2.0
// Check: bpf/helper-not-allowed (GOOD)
// Shape: the same stack capture in a kprobe on the XDP driver path, where
// bpf_get_stack() is allowed.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define MAX_DEPTH 16

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} stacks SEC(".maps");

SEC("kprobe/xdp_do_redirect")
int xdp_who_calls(void *ctx)
{
	__u64 *ips = bpf_ringbuf_reserve(&stacks, MAX_DEPTH * sizeof(__u64), 0);

	if (!ips)
		return 0;
	bpf_get_stack(ctx, ips, MAX_DEPTH * sizeof(__u64), 0);
	bpf_ringbuf_submit(ips, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
