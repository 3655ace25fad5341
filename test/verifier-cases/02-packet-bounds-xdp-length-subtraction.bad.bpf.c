// SPDX-License-Identifier: GPL-2.0
// Check: bpf/packet-bounds (BAD)
// Shape: length check written as a subtraction. `data_end - data` is a plain number to
// the verifier, so comparing it with sizeof(*eth) does not prove the access is safe.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("xdp")
int xdp_ipv4_only(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if (data_end - data < (long)sizeof(*eth))
		return XDP_DROP;
	if (eth->h_proto != bpf_htons(ETH_P_IP)) // expect-error: bpf/packet-bounds
		return XDP_DROP;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
