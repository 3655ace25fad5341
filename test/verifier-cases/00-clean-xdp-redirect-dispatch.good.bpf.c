// SPDX-License-Identifier: GPL-2.0
// Check: none (clean GOOD program, guards against false positives)
// Shape: an XDP dispatcher with a tail call into per-protocol programs (PROG_ARRAY) and a
// fall-through that forwards by DEVMAP with XDP_PASS as the default action, plus a
// CPUMAP redirect for a steering mode configured in .rodata.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

enum { PROG_IPV4 = 0, PROG_IPV6 = 1, PROG_MAX };

const volatile int steer_to_cpu = 0;

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, PROG_MAX);
	__type(key, __u32);
	__type(value, __u32);
} protocols SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
} tx_port SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CPUMAP);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct bpf_cpumap_val);
} cpus SEC(".maps");

SEC("xdp")
int xdp_dispatch(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;

	if (eth->h_proto == bpf_htons(ETH_P_IP))
		bpf_tail_call(ctx, &protocols, PROG_IPV4);
	else if (eth->h_proto == bpf_htons(ETH_P_IPV6))
		bpf_tail_call(ctx, &protocols, PROG_IPV6);

	/* No protocol program installed (or another EtherType). */
	if (steer_to_cpu)
		return bpf_redirect_map(&cpus, ctx->rx_queue_index % 64, XDP_PASS);
	return bpf_redirect_map(&tx_port, ctx->ingress_ifindex, XDP_PASS);
}

char LICENSE[] SEC("license") = "GPL";
