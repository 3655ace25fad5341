// SPDX-License-Identifier: GPL-2.0
// Check: bpf/return-value (GOOD)
// Shape: the sockops program stores the bpf_setsockopt() result in skops->reply and
// returns 1.
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
		skops->reply = bpf_setsockopt(skops, SOL_TCP, TCP_CONGESTION, cc, sizeof(cc));
		break;
	}
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
