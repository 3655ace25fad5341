// SPDX-License-Identifier: MIT
// Check: bpf/gpl-only-helper (BAD)
// Shape: branches. Debug output behind a run-time flag in .bss that user space may set;
// the verifier must assume the bpf_printk() path is reachable, so the GPL-only helper
// is rejected for the "MIT" licensed object even when debugging is off.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int debug_enabled;

SEC("xdp")
int xdp_count_len(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (data + 64 > data_end) {
		if (debug_enabled)
			bpf_printk("short frame on ifindex %u", ctx->ingress_ifindex); // expect-error: bpf/gpl-only-helper
		return XDP_DROP;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "MIT";
