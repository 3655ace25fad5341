// SPDX-License-Identifier: GPL-2.0
// Check: bpf/argument (BAD)
// Shape: XDP forwarding table kept in a plain array of ifindexes and passed to
// bpf_redirect_map(), which needs a DEVMAP, DEVMAP_HASH, CPUMAP or XSKMAP.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} egress_port SEC(".maps");

SEC("xdp")
int xdp_forward(struct xdp_md *ctx)
{
	__u32 port = ctx->rx_queue_index & 63;

	return bpf_redirect_map(&egress_port, port, XDP_PASS); // expect-error: bpf/argument
}

char LICENSE[] SEC("license") = "GPL";
