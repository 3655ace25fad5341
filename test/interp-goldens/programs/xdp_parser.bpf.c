// SPDX-License-Identifier: GPL-2.0
// A complete XDP parser: Ethernet, up to two VLAN tags, IPv4 (with options),
// IPv6 (with a bounded extension-header walk), TCP/UDP/ICMP/ICMPv6. Counts
// packets per outcome in an array and per L4 protocol in a hash; drops
// malformed IPv4, passes everything else.
// packets: all
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

enum outcome { O_TOTAL, O_NON_IP, O_IPV4, O_IPV6, O_VLAN, O_TCP, O_UDP, O_ICMP, O_TRUNC, O_BAD_IHL, O_BAD_LEN, O_FRAG, O_MAX };

struct vlan_hdr {
	__be16 h_vlan_TCI;
	__be16 h_vlan_encapsulated_proto;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, O_MAX);
	__type(key, __u32);
	__type(value, __u64);
} outcomes SEC(".maps");

struct l4_stat {
	__u64 packets;
	__u64 bytes;
	__u16 last_dport;
	__u16 pad[3];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u8);
	__type(value, struct l4_stat);
} by_proto SEC(".maps");

static __always_inline void bump(__u32 o)
{
	__u64 *v = bpf_map_lookup_elem(&outcomes, &o);
	if (v)
		__sync_fetch_and_add(v, 1);
}

static __always_inline void count_l4(__u8 proto, __u64 len, __u16 dport)
{
	struct l4_stat *s = bpf_map_lookup_elem(&by_proto, &proto);
	if (!s) {
		struct l4_stat init = { .packets = 1, .bytes = len, .last_dport = dport };
		bpf_map_update_elem(&by_proto, &proto, &init, BPF_NOEXIST);
		return;
	}
	s->packets++;
	s->bytes += len;
	s->last_dport = dport;
}

SEC("xdp")
int xdp_parser(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u64 len = data_end - data;
	struct ethhdr *eth = data;
	void *cur = data + sizeof(*eth);
	__u16 proto;
	__u8 l4 = 0;

	bump(O_TOTAL);
	if (cur > data_end)
		return XDP_ABORTED;
	proto = eth->h_proto;
#pragma unroll
	for (int i = 0; i < 2; i++) {
		if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
			break;
		struct vlan_hdr *vh = cur;
		if ((void *)(vh + 1) > data_end)
			goto trunc;
		bump(O_VLAN);
		proto = vh->h_vlan_encapsulated_proto;
		cur = vh + 1;
	}

	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *iph = cur;
		if ((void *)(iph + 1) > data_end)
			goto trunc;
		bump(O_IPV4);
		if (iph->ihl < 5) {
			bump(O_BAD_IHL);
			return XDP_DROP;
		}
		if (cur + bpf_ntohs(iph->tot_len) > data_end) {
			bump(O_BAD_LEN);
			return XDP_DROP;
		}
		if (iph->frag_off & bpf_htons(0x1fff)) {
			bump(O_FRAG);
			return XDP_PASS;
		}
		l4 = iph->protocol;
		cur += iph->ihl * 4;
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = cur;
		if ((void *)(ip6 + 1) > data_end)
			goto trunc;
		bump(O_IPV6);
		l4 = ip6->nexthdr;
		cur = ip6 + 1;
#pragma unroll
		for (int i = 0; i < 4; i++) {
			struct ipv6_opt_hdr *oh = cur;
			if (l4 != IPPROTO_HOPOPTS && l4 != IPPROTO_ROUTING && l4 != IPPROTO_DSTOPTS && l4 != IPPROTO_FRAGMENT)
				break;
			if ((void *)(oh + 1) > data_end)
				goto trunc;
			l4 = oh->nexthdr;
			cur += l4 == IPPROTO_FRAGMENT ? 8 : (oh->hdrlen + 1) * 8;
		}
	} else {
		bump(O_NON_IP);
		return XDP_PASS;
	}

	if (l4 == IPPROTO_TCP) {
		struct tcphdr *th = cur;
		if ((void *)(th + 1) > data_end)
			goto trunc;
		bump(O_TCP);
		count_l4(l4, len, bpf_ntohs(th->dest));
	} else if (l4 == IPPROTO_UDP) {
		struct udphdr *uh = cur;
		if ((void *)(uh + 1) > data_end)
			goto trunc;
		bump(O_UDP);
		count_l4(l4, len, bpf_ntohs(uh->dest));
	} else if (l4 == IPPROTO_ICMP || l4 == IPPROTO_ICMPV6) {
		bump(O_ICMP);
		count_l4(l4, len, 0);
	}
	return XDP_PASS;
trunc:
	bump(O_TRUNC);
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
