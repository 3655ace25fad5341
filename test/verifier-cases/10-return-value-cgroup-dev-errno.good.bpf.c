// SPDX-License-Identifier: GPL-2.0
// Check: bpf/return-value (GOOD)
// Shape: switch. A device cgroup program denies write access to block devices by
// returning 0.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("cgroup/dev")
int dev_policy(struct bpf_cgroup_dev_ctx *ctx)
{
	__u32 type = ctx->access_type & 0xffff;
	__u32 access = ctx->access_type >> 16;

	switch (type) {
	case BPF_DEVCG_DEV_BLOCK:
		if (access & BPF_DEVCG_ACC_WRITE)
			return 0;
		return 1;
	case BPF_DEVCG_DEV_CHAR:
		return 1;
	default:
		return 0;
	}
}

char LICENSE[] SEC("license") = "GPL";
