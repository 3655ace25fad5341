// SPDX-License-Identifier: GPL-2.0
// Check: bpf/return-value (BAD)
// Shape: trying to deny in a hook that cannot deny. cgroup/recvmsg4 programs may only
// rewrite the source address and must return 1; returning 0 is rejected.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define SERVICE_VIP 0x0a600001 /* 10.96.0.1 */
#define BACKEND_IP 0x0a000063  /* 10.0.0.99 */

SEC("cgroup/recvmsg4")
int restore_vip(struct bpf_sock_addr *ctx)
{
	if (ctx->user_ip4 != bpf_htonl(BACKEND_IP))
		return 0; // expect-error: bpf/return-value
	ctx->user_ip4 = bpf_htonl(SERVICE_VIP);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
