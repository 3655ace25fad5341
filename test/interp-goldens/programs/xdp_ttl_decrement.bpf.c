// SPDX-License-Identifier: GPL-2.0
// Router-style TTL / hop-limit decrement in XDP with incremental checksum math
// (RFC 1624) done by hand, through a non-inlined BPF-to-BPF subprogram.
// TTL <= 1 is dropped (counted); other frames pass untouched.
// packets: ipv4-tcp-syn ipv4-udp-dns ipv4-options ipv4-icmp-echo ipv6-udp ipv6-tcp-syn vlan-ipv4-udp ipv4-tcp-1500 arp-request
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps"); /* 0: v4 forwarded, 1: v6 forwarded, 2: expired, 3: other */

/* HC' = ~(~HC + ~m + m'), all in one's complement, on host-order 16-bit words. */
static __attribute__((noinline)) __u16 csum_replace16(__u16 check, __u16 old, __u16 new)
{
	__u32 sum = (__u16)~check;

	sum += (__u16)~old;
	sum += new;
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

static __always_inline void count(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &idx);
	if (v)
		*v += 1;
}

SEC("xdp")
int xdp_ttl_decrement(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *iph = (void *)(eth + 1);
		if ((void *)(iph + 1) > data_end)
			return XDP_PASS;
		if (iph->ttl <= 1) {
			count(2);
			return XDP_DROP;
		}
		__u16 old = ((__u16)iph->ttl << 8) | iph->protocol;
		iph->ttl--;
		__u16 new = ((__u16)iph->ttl << 8) | iph->protocol;
		iph->check = bpf_htons(csum_replace16(bpf_ntohs(iph->check), old, new));
		count(0);
		return XDP_PASS;
	}
	if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);
		if ((void *)(ip6 + 1) > data_end)
			return XDP_PASS;
		if (ip6->hop_limit <= 1) {
			count(2);
			return XDP_DROP;
		}
		ip6->hop_limit--;
		count(1);
		return XDP_PASS;
	}
	count(3);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
