// SPDX-License-Identifier: GPL-2.0
// Check: none (clean GOOD program, guards against false positives)
// Shape: XDP packet sampling through a perf event array: one in every N packets is sent
// with its metadata and the first bytes of the frame (length in the upper 32 bits of
// flags, capped at SAMPLE_LEN).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define SAMPLE_LEN 64
#define SAMPLE_RATE 100

struct sample_meta {
	__u32 ifindex;
	__u32 pkt_len;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} samples SEC(".maps");

SEC("xdp")
int xdp_sample(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct sample_meta meta;
	__u64 len, flags;

	if (bpf_get_prandom_u32() % SAMPLE_RATE)
		return XDP_PASS;

	len = data_end - data;
	meta.ifindex = ctx->ingress_ifindex;
	meta.pkt_len = len;
	if (len > SAMPLE_LEN)
		len = SAMPLE_LEN;
	flags = BPF_F_CURRENT_CPU | (len << 32);
	bpf_perf_event_output(ctx, &samples, flags, &meta, sizeof(meta));
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
