// SPDX-License-Identifier: GPL-2.0
// Check: bpf/return-value (BAD)
// Shape: returning a helper's result directly. A sockops program switching new
// connections to BBR returns what bpf_setsockopt() returned (0 or a negative errno);
// sockops programs must return 1 or 0 (the result for the kernel goes in skops->reply).
#include <linux/bpf.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>

#define SOL_TCP 6

SEC("sockops")
int set_bbr(struct bpf_sock_ops *skops)
{
	char cc[] = "bbr";

	switch (skops->op) {
	case BPF_SOCK_OPS_TCP_CONNECT_CB:
	case BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB:
		return bpf_setsockopt(skops, SOL_TCP, TCP_CONGESTION, cc, sizeof(cc)); // expect-error: bpf/return-value
	}
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
