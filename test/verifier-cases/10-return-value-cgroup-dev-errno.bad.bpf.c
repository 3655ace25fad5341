// SPDX-License-Identifier: GPL-2.0
// Check: bpf/return-value (BAD)
// Shape: switch with an errno result. A device cgroup program denies write access to
// block devices with -EACCES; cgroup/dev programs must return 1 (allow) or 0 (deny).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define EACCES 13

SEC("cgroup/dev")
int dev_policy(struct bpf_cgroup_dev_ctx *ctx)
{
	__u32 type = ctx->access_type & 0xffff;
	__u32 access = ctx->access_type >> 16;

	switch (type) {
	case BPF_DEVCG_DEV_BLOCK:
		if (access & BPF_DEVCG_ACC_WRITE)
			return -EACCES; // expect-error: bpf/return-value
		return 1;
	case BPF_DEVCG_DEV_CHAR:
		return 1;
	default:
		return 0;
	}
}

char LICENSE[] SEC("license") = "GPL";
