// SPDX-License-Identifier: MIT
// Check: bpf/gpl-only-helper (GOOD, kernel view)
// Shape: branches. The debug flag is a `const volatile` global in .rodata, frozen at
// load time with the value false. The verifier knows the value, never visits the
// bpf_printk() branch, and so never checks its GPL-only helper: the "MIT" licensed
// object loads. (Setting the flag to true before loading would make it fail.)
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile int debug_enabled = 0;

SEC("xdp")
int xdp_count_len(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (data + 64 > data_end) {
		if (debug_enabled)
			bpf_printk("short frame on ifindex %u", ctx->ingress_ifindex);
		return XDP_DROP;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "MIT";
