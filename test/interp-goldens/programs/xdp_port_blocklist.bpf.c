// SPDX-License-Identifier: GPL-2.0
// A port blocklist filled from user space (maps-init): a hash keyed by the
// destination port in network byte order, value = action to take. Hits are
// counted in the value's second field.
// maps-init: xdp_port_blocklist.maps.json
// packets: ipv4-tcp-syn ipv4-udp-dns ipv6-tcp-syn ipv6-udp ipv4-icmp-echo ipv4-tcp-data
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct rule {
	__u32 action;
	__u32 hits;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __be16);
	__type(value, struct rule);
} blocklist SEC(".maps");

SEC("xdp")
int xdp_port_blocklist(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	void *l4;
	__u8 proto;
	__be16 dport;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *iph = (void *)(eth + 1);
		if ((void *)(iph + 1) > data_end)
			return XDP_PASS;
		proto = iph->protocol;
		l4 = (void *)iph + iph->ihl * 4;
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);
		if ((void *)(ip6 + 1) > data_end)
			return XDP_PASS;
		proto = ip6->nexthdr;
		l4 = ip6 + 1;
	} else {
		return XDP_PASS;
	}
	if (proto == IPPROTO_TCP) {
		struct tcphdr *th = l4;
		if ((void *)(th + 1) > data_end)
			return XDP_PASS;
		dport = th->dest;
	} else if (proto == IPPROTO_UDP) {
		struct udphdr *uh = l4;
		if ((void *)(uh + 1) > data_end)
			return XDP_PASS;
		dport = uh->dest;
	} else {
		return XDP_PASS;
	}
	struct rule *r = bpf_map_lookup_elem(&blocklist, &dport);
	if (!r)
		return XDP_PASS;
	r->hits++;
	return r->action;
}

char LICENSE[] SEC("license") = "GPL";
