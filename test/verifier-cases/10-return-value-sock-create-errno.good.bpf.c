// SPDX-License-Identifier: GPL-2.0
// Check: bpf/return-value (GOOD)
// Shape: branches. A cgroup/sock_create program refuses raw sockets by returning 0.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define SOCK_RAW 3

SEC("cgroup/sock_create")
int deny_raw_sockets(struct bpf_sock *sk)
{
	if (sk->type == SOCK_RAW)
		return 0;
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
