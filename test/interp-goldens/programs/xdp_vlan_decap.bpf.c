// SPDX-License-Identifier: GPL-2.0
// Removes the outermost VLAN tag with bpf_xdp_adjust_head(+4): the MAC
// addresses are copied 4 bytes up first, then the head moves forward.
// Records the removed TCI per packet in a map.
// packets: vlan-ipv4-udp qinq-ipv4-udp ipv4-udp-dns eth-only
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct vlan_hdr {
	__be16 h_vlan_TCI;
	__be16 h_vlan_encapsulated_proto;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} removed SEC(".maps"); /* 0: last TCI removed, 1: number of tags removed */

SEC("xdp")
int xdp_vlan_decap(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct vlan_hdr *vh = (void *)(eth + 1);
	__u8 macs[2 * ETH_ALEN];
	__u32 k0 = 0, k1 = 1;

	if ((void *)(vh + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_8021Q) && eth->h_proto != bpf_htons(ETH_P_8021AD))
		return XDP_PASS;
	__u32 tci = bpf_ntohs(vh->h_vlan_TCI);
	__builtin_memcpy(macs, eth, sizeof(macs));
	__builtin_memcpy((void *)eth + sizeof(struct vlan_hdr), macs, sizeof(macs));
	if (bpf_xdp_adjust_head(ctx, (int)sizeof(struct vlan_hdr)))
		return XDP_ABORTED;
	bpf_map_update_elem(&removed, &k0, &tci, BPF_ANY);
	__u32 *n = bpf_map_lookup_elem(&removed, &k1);
	if (n)
		*n += 1;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
