// SPDX-License-Identifier: GPL-2.0
// SNAT + port rewrite in TC. The source address 192.168.1.100 becomes
// 203.0.113.7: bpf_l3_csum_replace for the IP header and bpf_l4_csum_replace
// with BPF_F_PSEUDO_HDR for TCP/UDP (the address is in the pseudo-header).
// TCP port 80 -> 8080 and UDP port 53 -> 5353 with bpf_l4_csum_replace
// (UDP with BPF_F_MARK_MANGLED_0 so a zero checksum stays "no checksum").
// packets: ipv4-tcp-syn ipv4-tcp-data ipv4-udp-dns ipv4-icmp-echo ipv4-tcp-1500 ipv6-udp
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/pkt_cls.h>
#include <stddef.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define IP_OFF ETH_HLEN
#define L4_OFF (ETH_HLEN + sizeof(struct iphdr))
#define IP_CSUM_OFF (IP_OFF + offsetof(struct iphdr, check))
#define IP_SRC_OFF (IP_OFF + offsetof(struct iphdr, saddr))
#define TCP_CSUM_OFF (L4_OFF + offsetof(struct tcphdr, check))
#define TCP_DPORT_OFF (L4_OFF + offsetof(struct tcphdr, dest))
#define UDP_CSUM_OFF (L4_OFF + offsetof(struct udphdr, check))
#define UDP_DPORT_OFF (L4_OFF + offsetof(struct udphdr, dest))

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __s64);
} rets SEC(".maps"); /* 0 l3 addr, 1 l4 addr (pseudo), 2 l4 port, 3 store */

static __always_inline void save(__u32 k, __s64 v)
{
	bpf_map_update_elem(&rets, &k, &v, BPF_ANY);
}

SEC("tc")
int tc_nat_l4csum(struct __sk_buff *skb)
{
	struct iphdr iph;
	__be32 new_src = bpf_htonl(0xcb007107); /* 203.0.113.7 */

	if (skb->protocol != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	if (bpf_skb_load_bytes(skb, IP_OFF, &iph, sizeof(iph)) || iph.ihl != 5)
		return TC_ACT_OK;
	if (iph.saddr != bpf_htonl(0xc0a80164))
		return TC_ACT_OK;

	__u32 l4_csum = 0, l4_flags = 0, port_off = 0;
	__be16 new_port = 0;
	if (iph.protocol == IPPROTO_TCP) {
		l4_csum = TCP_CSUM_OFF;
		port_off = TCP_DPORT_OFF;
		new_port = bpf_htons(8080);
	} else if (iph.protocol == IPPROTO_UDP) {
		l4_csum = UDP_CSUM_OFF;
		port_off = UDP_DPORT_OFF;
		new_port = bpf_htons(5353);
		l4_flags = BPF_F_MARK_MANGLED_0;
	}

	save(0, bpf_l3_csum_replace(skb, IP_CSUM_OFF, iph.saddr, new_src, sizeof(new_src)));
	if (l4_csum)
		save(1, bpf_l4_csum_replace(skb, l4_csum, iph.saddr, new_src, BPF_F_PSEUDO_HDR | l4_flags | sizeof(new_src)));
	save(3, bpf_skb_store_bytes(skb, IP_SRC_OFF, &new_src, sizeof(new_src), 0));

	if (port_off) {
		__be16 old_port;
		if (bpf_skb_load_bytes(skb, port_off, &old_port, sizeof(old_port)))
			return TC_ACT_SHOT;
		if (old_port == bpf_htons(80) || old_port == bpf_htons(53)) {
			save(2, bpf_l4_csum_replace(skb, l4_csum, old_port, new_port, l4_flags | sizeof(new_port)));
			bpf_skb_store_bytes(skb, port_off, &new_port, sizeof(new_port), 0);
		}
	}
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
