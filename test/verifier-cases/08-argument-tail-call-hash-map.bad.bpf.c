// SPDX-License-Identifier: GPL-2.0
// Check: bpf/argument (BAD)
// Shape: tail-call dispatcher whose jump table was declared as a hash map.
// bpf_tail_call() needs a BPF_MAP_TYPE_PROG_ARRAY.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u32);
} jump_table SEC(".maps");

SEC("xdp")
int xdp_dispatch(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto == bpf_htons(ETH_P_IPV6))
		bpf_tail_call(ctx, &jump_table, 1); // expect-error: bpf/argument
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
