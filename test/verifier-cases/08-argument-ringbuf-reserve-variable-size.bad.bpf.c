// SPDX-License-Identifier: GPL-2.0
// Check: bpf/argument (BAD)
// Shape: packet capture into a ring buffer with a record sized by the packet length.
// bpf_ringbuf_reserve() needs a size the verifier knows as a constant.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define SNAP_LEN 128

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} pcap SEC(".maps");

SEC("xdp")
int xdp_capture(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	void *rec;

	if (len > SNAP_LEN)
		len = SNAP_LEN;
	rec = bpf_ringbuf_reserve(&pcap, len, 0); // expect-error: bpf/argument
	if (!rec)
		return XDP_PASS;
	bpf_ringbuf_discard(rec, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
