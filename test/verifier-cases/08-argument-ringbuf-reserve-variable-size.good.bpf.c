// SPDX-License-Identifier: GPL-2.0
// Check: bpf/argument (GOOD)
// Shape: packet capture into a ring buffer with a fixed-size record (length field plus
// a SNAP_LEN byte array), reserved with a constant size and filled with
// bpf_xdp_load_bytes() using a bounded length.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define SNAP_LEN 128

struct capture {
	__u32 len;
	__u8 bytes[SNAP_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} pcap SEC(".maps");

SEC("xdp")
int xdp_capture(struct xdp_md *ctx)
{
	__u64 len = (__u64)ctx->data_end - ctx->data;
	struct capture *rec;

	if (len > SNAP_LEN)
		len = SNAP_LEN;
	rec = bpf_ringbuf_reserve(&pcap, sizeof(*rec), 0);
	if (!rec)
		return XDP_PASS;
	rec->len = len;
	if (len == 0 || bpf_xdp_load_bytes(ctx, 0, rec->bytes, len)) {
		bpf_ringbuf_discard(rec, 0);
		return XDP_PASS;
	}
	bpf_ringbuf_submit(rec, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
