// SPDX-License-Identifier: GPL-2.0
// IP-in-IP encapsulation with bpf_xdp_adjust_head: grows the frame at the front
// by an IPv4 header, moves the Ethernet header up and writes an outer header
// 10.0.0.1 -> 10.0.0.2 (protocol 4) with a checksum computed in a bounded loop.
// packets: ipv4-tcp-syn ipv4-icmp-echo ipv4-tcp-1500 ipv6-udp arp-request ipv4-truncated
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __s64);
} last_ret SEC(".maps");

static __always_inline __u16 ip_checksum(struct iphdr *iph)
{
	__u16 *w = (__u16 *)iph;
	__u32 sum = 0;

	for (int i = 0; i < (int)(sizeof(*iph) / 2); i++)
		sum += w[i];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

SEC("xdp")
int xdp_ipip_encap(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *inner = (void *)(eth + 1);
	__u32 key = 0;

	if ((void *)(inner + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	__u16 inner_len = bpf_ntohs(inner->tot_len);
	struct ethhdr old_eth;
	__builtin_memcpy(&old_eth, eth, sizeof(old_eth));

	long ret = bpf_xdp_adjust_head(ctx, -(int)sizeof(struct iphdr));
	__s64 *slot = bpf_map_lookup_elem(&last_ret, &key);
	if (slot)
		*slot = ret;
	if (ret)
		return XDP_ABORTED;

	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	eth = data;
	struct iphdr *outer = (void *)(eth + 1);
	if ((void *)(outer + 1) > data_end)
		return XDP_ABORTED;
	__builtin_memcpy(eth, &old_eth, sizeof(old_eth));
	outer->version = 4;
	outer->ihl = 5;
	outer->tos = 0;
	outer->tot_len = bpf_htons(inner_len + sizeof(struct iphdr));
	outer->id = 0;
	outer->frag_off = bpf_htons(0x4000);
	outer->ttl = 64;
	outer->protocol = IPPROTO_IPIP;
	outer->check = 0;
	outer->saddr = bpf_htonl(0x0a000001);
	outer->daddr = bpf_htonl(0x0a000002);
	outer->check = ip_checksum(outer);
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
