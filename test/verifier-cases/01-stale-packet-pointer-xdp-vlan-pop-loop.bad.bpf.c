// SPDX-License-Identifier: GPL-2.0
// Check: bpf/stale-packet-pointer (BAD)
// Shape: loop. Pops up to two 802.1Q tags. Each iteration moves the MAC addresses
// forward and shrinks the head with bpf_xdp_adjust_head(); data/data_end are reloaded,
// but `eth` is only derived once before the loop, so the second iteration reads the
// EtherType through a stale pointer.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define VLAN_MAX_DEPTH 2

struct vlan_hdr {
	__be16 h_vlan_TCI;
	__be16 h_vlan_encapsulated_proto;
};

SEC("xdp")
int xdp_vlan_strip(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct ethhdr outer;
	int i;

	for (i = 0; i < VLAN_MAX_DEPTH; i++) {
		struct vlan_hdr *vh = (void *)(eth + 1);

		if ((void *)(vh + 1) > data_end)
			break;
		if (eth->h_proto != bpf_htons(ETH_P_8021Q)) // expect-error: bpf/stale-packet-pointer
			break;
		__builtin_memcpy(&outer, eth, sizeof(outer));
		outer.h_proto = vh->h_vlan_encapsulated_proto;

		if (bpf_xdp_adjust_head(ctx, (int)sizeof(*vh)))
			return XDP_DROP;
		data = (void *)(long)ctx->data;
		data_end = (void *)(long)ctx->data_end;
		if (data + sizeof(outer) > data_end)
			return XDP_DROP;
		__builtin_memcpy(data, &outer, sizeof(outer));
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
