// SPDX-License-Identifier: GPL-2.0
// A socket filter: for these programs skb->data starts at the network header,
// so offset 0 of bpf_skb_load_bytes is the IP header, not the Ethernet header.
// Counts IP protocols in a hash and keeps whole TCP packets (return skb->len),
// the first 64 bytes of UDP and nothing else.
// packets: ipv4-tcp-syn ipv4-udp-dns ipv4-icmp-echo ipv6-udp ipv6-tcp-syn arp-request vlan-ipv4-udp
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} protos SEC(".maps");

SEC("socket")
int sock_proto_count(struct __sk_buff *skb)
{
	__u8 first;
	__u32 proto;

	if (bpf_skb_load_bytes(skb, 0, &first, 1))
		return 0;
	if ((first >> 4) == 4) {
		struct iphdr iph;
		if (bpf_skb_load_bytes(skb, 0, &iph, sizeof(iph)))
			return 0;
		proto = iph.protocol;
	} else if ((first >> 4) == 6) {
		struct ipv6hdr ip6;
		if (bpf_skb_load_bytes(skb, 0, &ip6, sizeof(ip6)))
			return 0;
		proto = ip6.nexthdr;
	} else {
		proto = 0x10000 | first;
	}
	__u64 *n = bpf_map_lookup_elem(&protos, &proto);
	if (n) {
		__sync_fetch_and_add(n, 1);
	} else {
		__u64 one = 1;
		bpf_map_update_elem(&protos, &proto, &one, BPF_ANY);
	}
	if (proto == IPPROTO_TCP)
		return skb->len;
	if (proto == IPPROTO_UDP)
		return 64;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
