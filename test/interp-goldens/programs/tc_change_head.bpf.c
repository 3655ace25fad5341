// SPDX-License-Identifier: GPL-2.0
// bpf_skb_change_head: makes 4 bytes of room at the front and moves the MAC
// addresses there to build an 802.1Q tag in the packet bytes by hand (VLAN 7),
// the in-band alternative to bpf_skb_vlan_push.
// packets: ipv4-udp-dns ipv6-icmp-echo arp-request
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __s64);
} rets SEC(".maps"); /* 0 change_head, 1 store_bytes */

SEC("tc")
int tc_change_head(struct __sk_buff *skb)
{
	__u8 hdr[ETH_HLEN + 4];
	__u32 zero = 0, one = 1;
	__s64 r;

	if (bpf_skb_load_bytes(skb, 0, hdr, 2 * ETH_ALEN))
		return TC_ACT_SHOT;
	r = bpf_skb_change_head(skb, 4, 0);
	bpf_map_update_elem(&rets, &zero, &r, BPF_ANY);
	if (r)
		return TC_ACT_SHOT;
	hdr[12] = 0x81;
	hdr[13] = 0x00;
	hdr[14] = 0x00;
	hdr[15] = 0x07;
	r = bpf_skb_store_bytes(skb, 0, hdr, 16, 0);
	bpf_map_update_elem(&rets, &one, &r, BPF_ANY);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
