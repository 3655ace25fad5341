// SPDX-License-Identifier: GPL-2.0
// Check: bpf/packet-bounds (BAD)
// Shape: variable offset without a bound. The byte to match is configured from user
// space through an array map; the offset is added to the packet pointer without
// clamping it first, so the `p + 1 > data_end` check proves nothing for the verifier
// (it gives an unbounded pointer no range) and the read is rejected.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct match_cfg {
	__u32 offset;
	__u8 value;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct match_cfg);
} cfg SEC(".maps");

SEC("xdp")
int xdp_match_byte(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct match_cfg *c;
	__u32 key = 0;
	__u8 *p;

	c = bpf_map_lookup_elem(&cfg, &key);
	if (!c)
		return XDP_PASS;

	p = data + c->offset;
	if ((void *)(p + 1) > data_end)
		return XDP_PASS;
	return *p == c->value ? XDP_DROP : XDP_PASS; // expect-error: bpf/packet-bounds
}

char LICENSE[] SEC("license") = "GPL";
