// SPDX-License-Identifier: GPL-2.0
// bpf_xdp_load_bytes / bpf_xdp_store_bytes instead of direct access: copies
// the Ethernet header out, swaps the MACs and stores it back; reads the last
// 4 bytes of the frame at a computed offset; and records the error returned
// for a read that runs past the end.
// packets: ipv4-tcp-syn ipv4-tcp-1500 eth-only arp-request
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

struct result {
	__s32 load_ret;
	__s32 store_ret;
	__s32 tail_ret;
	__s32 past_end_ret;
	__u8 tail[4];
	__u32 len;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct result);
} last SEC(".maps");

SEC("xdp")
int xdp_load_store_bytes(struct xdp_md *ctx)
{
	struct result r = {};
	struct ethhdr eth;
	__u8 mac[ETH_ALEN];
	__u8 big[16];
	__u32 zero = 0;

	r.len = bpf_xdp_get_buff_len(ctx);
	r.load_ret = bpf_xdp_load_bytes(ctx, 0, &eth, sizeof(eth));
	if (r.load_ret == 0) {
		__builtin_memcpy(mac, eth.h_dest, ETH_ALEN);
		__builtin_memcpy(eth.h_dest, eth.h_source, ETH_ALEN);
		__builtin_memcpy(eth.h_source, mac, ETH_ALEN);
		r.store_ret = bpf_xdp_store_bytes(ctx, 0, &eth, sizeof(eth));
	}
	if (r.len >= 4 && r.len < 4096)
		r.tail_ret = bpf_xdp_load_bytes(ctx, r.len - 4, r.tail, sizeof(r.tail));
	if (r.len < 4096)
		r.past_end_ret = bpf_xdp_load_bytes(ctx, r.len - 8, big, sizeof(big));
	bpf_map_update_elem(&last, &zero, &r, BPF_ANY);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
