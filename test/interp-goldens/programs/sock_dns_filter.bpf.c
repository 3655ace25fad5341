// SPDX-License-Identifier: GPL-2.0
// A DNS capture filter (what tcpdump 'udp dst port 53' compiles to, written
// against network-header offsets): IPv4 or IPv6 UDP to port 53 is kept in
// full, with the DNS query id recorded per address family.
// packets: ipv4-udp-dns ipv6-udp ipv4-options ipv4-tcp-syn ipv6-ext-frag-udp
#include <linux/bpf.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u16);
} query_id SEC(".maps"); /* 0 IPv4, 1 IPv6 */

SEC("socket")
int sock_dns_filter(struct __sk_buff *skb)
{
	__u8 vihl;
	__u8 proto;
	__u32 l4, fam;
	struct udphdr uh;
	__be16 id;

	if (bpf_skb_load_bytes(skb, 0, &vihl, 1))
		return 0;
	if ((vihl >> 4) == 4) {
		if (bpf_skb_load_bytes(skb, offsetof(struct iphdr, protocol), &proto, 1))
			return 0;
		l4 = (vihl & 0xf) * 4;
		fam = 0;
	} else if ((vihl >> 4) == 6) {
		if (bpf_skb_load_bytes(skb, offsetof(struct ipv6hdr, nexthdr), &proto, 1))
			return 0;
		l4 = sizeof(struct ipv6hdr);
		fam = 1;
	} else {
		return 0;
	}
	if (proto != IPPROTO_UDP)
		return 0;
	if (bpf_skb_load_bytes(skb, l4, &uh, sizeof(uh)) || uh.dest != bpf_htons(53))
		return 0;
	if (bpf_skb_load_bytes(skb, l4 + sizeof(uh), &id, sizeof(id)))
		return 0;
	__u16 host_id = bpf_ntohs(id);
	bpf_map_update_elem(&query_id, &fam, &host_id, BPF_ANY);
	return skb->len;
}

char LICENSE[] SEC("license") = "GPL";
