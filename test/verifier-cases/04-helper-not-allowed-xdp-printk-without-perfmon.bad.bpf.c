// SPDX-License-Identifier: GPL-2.0
// Check: bpf/helper-not-allowed (BAD)
// Shape: debug print in XDP, loaded by a daemon that only has CAP_BPF + CAP_NET_ADMIN.
// Networking programs get bpf_trace_printk() (bpf_printk) only when the loader has
// CAP_PERFMON; without it the helper is not available to XDP at all. Compare the
// GOOD case: the same program loaded as root.
// privileges: CAP_BPF CAP_NET_ADMIN
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_debug(struct xdp_md *ctx)
{
	bpf_printk("xdp: ifindex %u queue %u", ctx->ingress_ifindex, ctx->rx_queue_index); // expect-error: bpf/helper-not-allowed
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
