// SPDX-License-Identifier: GPL-2.0
// bpf_skb_load_bytes / bpf_skb_store_bytes: rewrites the destination MAC to a
// next hop's, marks IPv4 traffic DSCP EF (TOS 0xb8) fixing the header checksum
// with bpf_l3_csum_replace, and records the errors for a load past the end and
// a store with an invalid flag.
// packets: ipv4-tcp-syn ipv4-udp-dns ipv6-tcp-syn arp-request
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <stddef.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct result {
	__s32 mac_store;
	__s32 tos_csum;
	__s32 tos_store;
	__s32 past_end_load;
	__s32 bad_flag_store;
	__u8 old_tos;
	__u8 pad[3];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct result);
} last SEC(".maps");

static const __u8 next_hop[ETH_ALEN] = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x02 };

SEC("tc")
int tc_load_store_bytes(struct __sk_buff *skb)
{
	struct result r = {};
	__u8 tail[8];
	__u32 zero = 0;

	r.mac_store = bpf_skb_store_bytes(skb, offsetof(struct ethhdr, h_dest), next_hop, ETH_ALEN, 0);
	if (skb->protocol == bpf_htons(ETH_P_IP)) {
		__u8 tos = 0xb8;
		if (bpf_skb_load_bytes(skb, ETH_HLEN + offsetof(struct iphdr, tos), &r.old_tos, 1) == 0) {
			/* TOS shares a 16-bit word with version/IHL (the high byte): 0x45tt. */
			r.tos_csum = bpf_l3_csum_replace(skb, ETH_HLEN + offsetof(struct iphdr, check),
							 bpf_htons(0x4500 | r.old_tos), bpf_htons(0x4500 | tos), 2);
			r.tos_store = bpf_skb_store_bytes(skb, ETH_HLEN + offsetof(struct iphdr, tos), &tos, 1, 0);
		}
	}
	r.past_end_load = bpf_skb_load_bytes(skb, skb->len - 4, tail, sizeof(tail));
	r.bad_flag_store = bpf_skb_store_bytes(skb, 0, next_hop, 1, 0x80);
	bpf_map_update_elem(&last, &zero, &r, BPF_ANY);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
