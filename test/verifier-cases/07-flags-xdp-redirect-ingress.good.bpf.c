// SPDX-License-Identifier: GPL-2.0
// Check: bpf/flags (GOOD, runtime)
// Shape: bpf_redirect() in XDP with flags 0; the test run returns XDP_REDIRECT.
// run: ipv4-tcp error-retval=0
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define PEER_IFINDEX 1

SEC("xdp")
int xdp_bounce(struct xdp_md *ctx)
{
	return bpf_redirect(PEER_IFINDEX, 0);
}

char LICENSE[] SEC("license") = "GPL";
