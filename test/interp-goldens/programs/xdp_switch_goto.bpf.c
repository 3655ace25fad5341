// SPDX-License-Identifier: GPL-2.0
// Control flow the interpreter must follow exactly: nested switch statements
// (ethertype, IP protocol, port) with fall-through and goto-based error exits.
// Each packet gets a class number, written into the packet's first source-MAC
// byte (so the output shows it) and counted in a map.
// packets: ipv4-tcp-syn ipv4-udp-dns ipv4-icmp-echo ipv6-tcp-syn ipv6-udp ipv6-icmp-echo arp-request vlan-ipv4-udp ipv4-truncated eth-only
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

enum cls { C_WEB = 1, C_DNS, C_PING, C_OTHER_L4, C_ARP, C_UNKNOWN, C_BAD, C_MAX };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, C_MAX);
	__type(key, __u32);
	__type(value, __u32);
} classes SEC(".maps");

static __always_inline int port_class(__u16 port)
{
	switch (port) {
	case 80:
	case 443:
	case 8080:
		return C_WEB;
	case 53:
		return C_DNS;
	default:
		return C_OTHER_L4;
	}
}

SEC("xdp")
int xdp_switch_goto(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	void *l4;
	__u8 proto;
	__u32 cls;
	int action = XDP_PASS;

	if ((void *)(eth + 1) > data_end)
		return XDP_ABORTED;
	switch (bpf_ntohs(eth->h_proto)) {
	case ETH_P_IP: {
		struct iphdr *iph = (void *)(eth + 1);
		if ((void *)(iph + 1) > data_end)
			goto bad;
		proto = iph->protocol;
		l4 = (void *)iph + iph->ihl * 4;
		break;
	}
	case ETH_P_IPV6: {
		struct ipv6hdr *ip6 = (void *)(eth + 1);
		if ((void *)(ip6 + 1) > data_end)
			goto bad;
		proto = ip6->nexthdr;
		l4 = ip6 + 1;
		break;
	}
	case ETH_P_ARP:
		cls = C_ARP;
		goto done;
	default:
		cls = C_UNKNOWN;
		goto done;
	}

	switch (proto) {
	case IPPROTO_TCP: {
		struct tcphdr *th = l4;
		if ((void *)(th + 1) > data_end)
			goto bad;
		cls = port_class(bpf_ntohs(th->dest));
		break;
	}
	case IPPROTO_UDP: {
		struct udphdr *uh = l4;
		if ((void *)(uh + 1) > data_end)
			goto bad;
		cls = port_class(bpf_ntohs(uh->dest));
		break;
	}
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		cls = C_PING;
		break;
	default:
		cls = C_OTHER_L4;
	}
	goto done;
bad:
	cls = C_BAD;
	action = XDP_DROP;
done:
	eth->h_source[0] = cls;
	__u32 *n = bpf_map_lookup_elem(&classes, &cls);
	if (n)
		*n += 1;
	return action;
}

char LICENSE[] SEC("license") = "GPL";
