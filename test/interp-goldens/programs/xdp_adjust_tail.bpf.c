// SPDX-License-Identifier: GPL-2.0
// bpf_xdp_adjust_tail: frames over 128 bytes are cut to 128, frames under 60
// grow to 60 (the new bytes are zeroed by the kernel), and shrinking a bare
// Ethernet header shows the -EINVAL floor. Helper results go to a map.
// packets: ipv4-tcp-1500 ipv4-tcp-data ipv4-udp-dns ipv4-truncated eth-only arp-request
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

struct result {
	__s32 ret;
	__u32 len_before;
	__u32 len_after;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct result);
} results SEC(".maps");

SEC("xdp")
int xdp_adjust_tail(struct xdp_md *ctx)
{
	struct result r = {};
	__u32 key = 0;
	int delta = 0;

	r.len_before = ctx->data_end - ctx->data;
	if (r.len_before > 128)
		delta = 128 - (int)r.len_before;
	else if (r.len_before == ETH_HLEN)
		delta = -1;
	else if (r.len_before < 60)
		delta = 60 - (int)r.len_before;
	r.ret = bpf_xdp_adjust_tail(ctx, delta);
	r.len_after = ctx->data_end - ctx->data;
	bpf_map_update_elem(&results, &key, &r, BPF_ANY);
	return r.ret ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
