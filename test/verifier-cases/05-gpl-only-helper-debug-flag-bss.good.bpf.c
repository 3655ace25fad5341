// SPDX-License-Identifier: GPL-2.0
// Check: bpf/gpl-only-helper (GOOD)
// Shape: branches. Debug output behind a run-time .bss flag in an object licensed
// "GPL v2", so the GPL-only bpf_printk() is allowed on the debug path.
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
			bpf_printk("short frame on ifindex %u", ctx->ingress_ifindex);
		return XDP_DROP;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL v2";
