// SPDX-License-Identifier: GPL-2.0
// Check: bpf/printk-format (BAD, runtime)
// Shape: fmt_size mismatch. The format is a `const char *`, so sizeof(fmt) is the size
// of the pointer (8), not of the string: the 8 bytes passed are not NUL-terminated and
// bpf_trace_printk() returns -EINVAL at run time.
// run: ipv4-tcp error-retval=0
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_trace_queue(struct xdp_md *ctx)
{
	const char *fmt = "rx queue %u\n";

	if (bpf_trace_printk(fmt, sizeof(fmt), ctx->rx_queue_index) < 0) // expect-error: bpf/printk-format
		return XDP_ABORTED;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
