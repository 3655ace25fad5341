// SPDX-License-Identifier: GPL-2.0
// Check: bpf/flags (BAD, runtime)
// Shape: TC habit in XDP. bpf_redirect() in XDP takes no flags; BPF_F_INGRESS (valid for
// TC) makes it return XDP_ABORTED at run time. The verifier accepts the program.
// run: ipv4-tcp error-retval=0
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define PEER_IFINDEX 1

SEC("xdp")
int xdp_bounce(struct xdp_md *ctx)
{
	return bpf_redirect(PEER_IFINDEX, BPF_F_INGRESS); // expect-error: bpf/flags
}

char LICENSE[] SEC("license") = "GPL";
