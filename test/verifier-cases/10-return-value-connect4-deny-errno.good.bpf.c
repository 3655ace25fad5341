// SPDX-License-Identifier: GPL-2.0
// Check: bpf/return-value (GOOD)
// Shape: early return. A cgroup/connect4 program blocks connections to a metadata
// address by returning 0.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define METADATA_ADDR 0xa9fea9fe /* 169.254.169.254 */

SEC("cgroup/connect4")
int block_metadata(struct bpf_sock_addr *ctx)
{
	if (ctx->user_ip4 == bpf_htonl(METADATA_ADDR))
		return 0;
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
