// SPDX-License-Identifier: GPL-2.0
// Check: bpf/printk-format (GOOD, runtime)
// Shape: the format is a char array, so sizeof(fmt) is the string size including the
// terminating NUL, as bpf_trace_printk() expects.
// run: ipv4-tcp error-retval=0
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_trace_queue(struct xdp_md *ctx)
{
	static const char fmt[] = "rx queue %u\n";

	if (bpf_trace_printk(fmt, sizeof(fmt), ctx->rx_queue_index) < 0)
		return XDP_ABORTED;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
