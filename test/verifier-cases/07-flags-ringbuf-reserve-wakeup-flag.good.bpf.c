// SPDX-License-Identifier: GPL-2.0
// Check: bpf/flags (GOOD, runtime)
// Shape: bpf_ringbuf_reserve() with flags 0 and the wake-up flag on
// bpf_ringbuf_submit(), where it belongs.
// run: ipv4-tcp error-retval=0
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct sample {
	__u32 ifindex;
	__u32 len;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} samples SEC(".maps");

SEC("xdp")
int xdp_sample(struct xdp_md *ctx)
{
	struct sample *s;

	s = bpf_ringbuf_reserve(&samples, sizeof(*s), 0);
	if (!s)
		return XDP_ABORTED;
	s->ifindex = ctx->ingress_ifindex;
	s->len = ctx->data_end - ctx->data;
	bpf_ringbuf_submit(s, BPF_RB_FORCE_WAKEUP);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
