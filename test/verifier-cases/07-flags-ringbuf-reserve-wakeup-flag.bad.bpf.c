// SPDX-License-Identifier: GPL-2.0
// Check: bpf/flags (BAD, runtime)
// Shape: the wake-up flag passed to the wrong ring buffer call. bpf_ringbuf_reserve()
// takes no flags (must be 0); with BPF_RB_FORCE_WAKEUP it returns NULL at run time
// (the verifier accepts it), so every sample is lost and the program aborts.
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

	s = bpf_ringbuf_reserve(&samples, sizeof(*s), BPF_RB_FORCE_WAKEUP); // expect-error: bpf/flags
	if (!s)
		return XDP_ABORTED;
	s->ifindex = ctx->ingress_ifindex;
	s->len = ctx->data_end - ctx->data;
	bpf_ringbuf_submit(s, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
