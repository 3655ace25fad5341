// SPDX-License-Identifier: GPL-2.0
// bpf_xdp_adjust_meta: reserves 8 bytes of metadata in front of the packet,
// writes a mark and the packet length there, reads them back through
// data_meta and records them. The metadata is not part of the output packet.
// packets: ipv4-tcp-syn ipv6-udp eth-only
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct meta {
	__u32 mark;
	__u32 len;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct meta);
} seen SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __s64);
} rets SEC(".maps"); /* 0: adjust_meta(-8), 1: adjust_meta(+8) afterwards */

SEC("xdp")
int xdp_adjust_meta(struct xdp_md *ctx)
{
	__u32 zero = 0, one = 1;
	__s64 r = bpf_xdp_adjust_meta(ctx, -(int)sizeof(struct meta));

	bpf_map_update_elem(&rets, &zero, &r, BPF_ANY);
	if (r)
		return XDP_ABORTED;
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct meta *m = (void *)(long)ctx->data_meta;
	if ((void *)(m + 1) > data)
		return XDP_ABORTED;
	m->mark = 0xcafe;
	m->len = data_end - data;
	struct meta copy = *m;
	bpf_map_update_elem(&seen, &zero, &copy, BPF_ANY);
	r = bpf_xdp_adjust_meta(ctx, sizeof(struct meta));
	bpf_map_update_elem(&rets, &one, &r, BPF_ANY);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
