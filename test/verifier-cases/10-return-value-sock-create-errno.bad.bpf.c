// SPDX-License-Identifier: GPL-2.0
// Check: bpf/return-value (BAD)
// Shape: branches. A cgroup/sock_create program refuses raw sockets by returning
// -EPERM; cgroup sock programs must return 1 (allow) or 0 (deny, the caller sees EPERM).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define EPERM 1
#define SOCK_RAW 3

SEC("cgroup/sock_create")
int deny_raw_sockets(struct bpf_sock *sk)
{
	if (sk->type == SOCK_RAW)
		return -EPERM; // expect-error: bpf/return-value
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
