// SPDX-License-Identifier: GPL-2.0
// bpf_loop with a callback: the first 32 bytes of the frame are copied to the
// stack with bpf_xdp_load_bytes, then a callback invoked by bpf_loop folds
// them into a one's complement sum and counts 0xff bytes; a callback that
// returns 1 stops the loop early (at the first zero byte after offset 12).
// packets: ipv4-tcp-syn ipv6-icmp-echo arp-request eth-only
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define N 32

struct loop_ctx {
	__u8 buf[N];
	__u32 sum;
	__u32 ff_bytes;
	__u32 stopped_at;
};

struct out {
	__u32 sum;
	__u32 ff_bytes;
	__u32 stopped_at;
	__s32 iterations;
	__s32 load_ret;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct out);
} last SEC(".maps");

static long fold_byte(__u32 i, void *data)
{
	struct loop_ctx *c = data;
	if (i >= N)
		return 1;
	__u8 b = c->buf[i];
	c->sum += (i & 1) ? b : (__u32)b << 8;
	if (b == 0xff)
		c->ff_bytes++;
	if (i > 12 && b == 0) {
		c->stopped_at = i;
		return 1;
	}
	return 0;
}

SEC("xdp")
int xdp_bpf_loop(struct xdp_md *ctx)
{
	struct loop_ctx c = {};
	struct out o = {};
	__u32 zero = 0;

	o.load_ret = bpf_xdp_load_bytes(ctx, 0, c.buf, N);
	if (o.load_ret == 0)
		o.iterations = bpf_loop(N, fold_byte, &c, 0);
	while (c.sum >> 16)
		c.sum = (c.sum & 0xffff) + (c.sum >> 16);
	o.sum = c.sum;
	o.ff_bytes = c.ff_bytes;
	o.stopped_at = c.stopped_at;
	bpf_map_update_elem(&last, &zero, &o, BPF_ANY);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
