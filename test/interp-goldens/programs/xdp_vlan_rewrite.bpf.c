// SPDX-License-Identifier: GPL-2.0
// Rewrites VLAN 100 to VLAN 300 in place (keeping PCP and DEI), in a single
// 802.1Q tag or in the inner (customer) tag of a QinQ frame. Untagged frames
// are left alone and counted.
// packets: vlan-ipv4-udp qinq-ipv4-udp ipv4-udp-dns
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
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u32);
} counts SEC(".maps"); /* 0 rewritten, 1 tagged other, 2 untagged */

static __always_inline void count(__u32 k)
{
	__u32 *v = bpf_map_lookup_elem(&counts, &k);
	if (v)
		*v += 1;
}

SEC("xdp")
int xdp_vlan_rewrite(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct vlan_hdr *vh = (void *)(eth + 1);
	__be16 proto;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	proto = eth->h_proto;
	if (proto == bpf_htons(ETH_P_8021AD)) {
		if ((void *)(vh + 1) > data_end)
			return XDP_DROP;
		proto = vh->h_vlan_encapsulated_proto;
		vh++;
	}
	if (proto != bpf_htons(ETH_P_8021Q)) {
		count(2);
		return XDP_PASS;
	}
	if ((void *)(vh + 1) > data_end)
		return XDP_DROP;
	__u16 tci = bpf_ntohs(vh->h_vlan_TCI);
	if ((tci & 0x0fff) != 100) {
		count(1);
		return XDP_PASS;
	}
	vh->h_vlan_TCI = bpf_htons((tci & 0xf000) | 300);
	count(0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
