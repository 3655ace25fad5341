// SPDX-License-Identifier: GPL-2.0
// Check: bpf/argument (GOOD)
// Shape: XDP forwarding table declared as BPF_MAP_TYPE_DEVMAP for bpf_redirect_map().
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} egress_port SEC(".maps");

SEC("xdp")
int xdp_forward(struct xdp_md *ctx)
{
	__u32 port = ctx->rx_queue_index & 63;

	return bpf_redirect_map(&egress_port, port, XDP_PASS);
}

char LICENSE[] SEC("license") = "GPL";
