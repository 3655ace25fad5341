// SPDX-License-Identifier: GPL-2.0
/*
 * Forward every packet to the interface stored in a DEVMAP (slot 0), falling
 * back to XDP_PASS when the slot is empty. A second program runs on the
 * egress device through the devmap entry and counts what it sends.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
} tx_port SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} xdp_counters SEC(".maps");

static __always_inline void bump(__u32 idx)
{
	__u64 *n = bpf_map_lookup_elem(&xdp_counters, &idx);

	if (n)
		*n += 1;
}

SEC("xdp")
int xdp_redirect_map_prog(struct xdp_md *ctx)
{
	bump(0);
	/* the low bits of the flags are the action when the lookup fails */
	return bpf_redirect_map(&tx_port, 0, XDP_PASS);
}

SEC("xdp/devmap")
int xdp_devmap_egress(struct xdp_md *ctx)
{
	bump(1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";

// expect-program: xdp_redirect_map_prog xdp struct xdp_md
// expect-program: xdp_devmap_egress xdp struct xdp_md
// expect-map: tx_port btf BPF_MAP_TYPE_DEVMAP key="__u32" value="struct bpf_devmap_val" max_entries=8
// expect-map: xdp_counters btf BPF_MAP_TYPE_PERCPU_ARRAY max_entries=2
// expect-call: bpf_redirect_map
// expect-license: GPL
