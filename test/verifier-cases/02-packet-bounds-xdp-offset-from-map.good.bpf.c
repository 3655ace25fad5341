// SPDX-License-Identifier: GPL-2.0
// Check: bpf/packet-bounds (GOOD)
// Shape: variable offset with a bound. The configured offset is clamped before it is
// added to the packet pointer, and the resulting pointer is checked against data_end.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define MAX_MATCH_OFFSET 256

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
	__u32 key = 0, off;
	__u8 *p;

	c = bpf_map_lookup_elem(&cfg, &key);
	if (!c)
		return XDP_PASS;

	off = c->offset;
	if (off > MAX_MATCH_OFFSET)
		return XDP_PASS;
	p = data + off;
	if ((void *)(p + 1) > data_end)
		return XDP_PASS;
	return *p == c->value ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
