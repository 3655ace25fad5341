// SPDX-License-Identifier: GPL-2.0
/*
 * An XDP dispatcher that tail-calls a per-protocol program through a
 * BPF_MAP_TYPE_PROG_ARRAY filled statically in the map definition.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

enum {
	PROG_IPV4 = 0,
	PROG_IPV6 = 1,
	PROG_MAX,
};

int handle_ipv4(struct xdp_md *ctx);
int handle_ipv6(struct xdp_md *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, PROG_MAX);
	__uint(key_size, sizeof(__u32));
	__array(values, int (void *));
} jmp_table SEC(".maps") = {
	.values = {
		[PROG_IPV4] = (void *)&handle_ipv4,
		[PROG_IPV6] = (void *)&handle_ipv6,
	},
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, PROG_MAX);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

static __always_inline int count_and_pass(__u32 idx)
{
	__u64 *n = bpf_map_lookup_elem(&seen, &idx);

	if (n)
		*n += 1;
	return XDP_PASS;
}

SEC("xdp")
int handle_ipv4(struct xdp_md *ctx)
{
	return count_and_pass(PROG_IPV4);
}

SEC("xdp")
int handle_ipv6(struct xdp_md *ctx)
{
	return count_and_pass(PROG_IPV6);
}

SEC("xdp")
int xdp_dispatcher(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto == bpf_htons(ETH_P_IP))
		bpf_tail_call(ctx, &jmp_table, PROG_IPV4);
	else if (eth->h_proto == bpf_htons(ETH_P_IPV6))
		bpf_tail_call(ctx, &jmp_table, PROG_IPV6);
	/* only reached when the tail call fails (empty slot) or for other protocols */
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";

// expect-program: handle_ipv4 xdp struct xdp_md
// expect-program: handle_ipv6 xdp struct xdp_md
// expect-program: xdp_dispatcher xdp struct xdp_md
// expect-map: jmp_table btf BPF_MAP_TYPE_PROG_ARRAY key_size=4 inner="int (void *)"
// expect-map: seen btf BPF_MAP_TYPE_PERCPU_ARRAY key="__u32" value="__u64"
// expect-call: bpf_tail_call
// expect-license: GPL
