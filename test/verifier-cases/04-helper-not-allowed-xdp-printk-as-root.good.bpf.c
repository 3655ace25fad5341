// SPDX-License-Identifier: GPL-2.0
// Check: bpf/helper-not-allowed (GOOD)
// Shape: debug print in XDP, loaded as root (CAP_PERFMON present): bpf_trace_printk()
// (bpf_printk) is available to networking programs. Compare the BAD case
// xdp-printk-without-perfmon, the same program loaded with CAP_BPF + CAP_NET_ADMIN only.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_debug(struct xdp_md *ctx)
{
	bpf_printk("xdp: ifindex %u queue %u", ctx->ingress_ifindex, ctx->rx_queue_index);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
