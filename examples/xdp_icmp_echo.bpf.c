// SPDX-License-Identifier: GPL-2.0
/*
 * Answer ICMP echo requests in XDP: swap the MAC and IP addresses, turn the
 * request into a reply, fix the ICMP checksum and send the packet back out
 * of the interface it came in on (XDP_TX).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/*
 * <linux/icmp.h> pulls in libc socket headers that a BPF build cannot use,
 * so the ICMP echo header is declared here (RFC 792).
 */
#define ICMP_ECHOREPLY 0
#define ICMP_ECHO 8

struct icmphdr {
	__u8 type;
	__u8 code;
	__sum16 checksum;
	__be16 id;
	__be16 sequence;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} replies SEC(".maps");

static __always_inline void swap_mac(struct ethhdr *eth)
{
	__u8 tmp[ETH_ALEN];

	__builtin_memcpy(tmp, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, tmp, ETH_ALEN);
}

static __always_inline __u16 csum_fold(__u32 csum)
{
	csum = (csum & 0xffff) + (csum >> 16);
	csum = (csum & 0xffff) + (csum >> 16);
	return (__u16)~csum;
}

SEC("xdp")
int xdp_icmp_echo(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;
	struct icmphdr *icmph;
	struct iphdr *iph;
	__be16 old_word, new_word;
	__u32 csum, key = 0;
	__be32 addr;
	__u64 *n;

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	iph = (void *)(eth + 1);
	if ((void *)(iph + 1) > data_end || iph->ihl != 5 || iph->protocol != IPPROTO_ICMP)
		return XDP_PASS;
	icmph = (void *)(iph + 1);
	if ((void *)(icmph + 1) > data_end || icmph->type != ICMP_ECHO || icmph->code != 0)
		return XDP_PASS;

	swap_mac(eth);
	/* swapping the addresses does not change the IP header checksum */
	addr = iph->saddr;
	iph->saddr = iph->daddr;
	iph->daddr = addr;

	/* type and code form the first 16-bit word of the ICMP header */
	old_word = *(__be16 *)icmph;
	icmph->type = ICMP_ECHOREPLY;
	new_word = *(__be16 *)icmph;
	csum = (__u16)~icmph->checksum;
	csum += (__u16)~old_word;
	csum += new_word;
	icmph->checksum = csum_fold(csum);

	n = bpf_map_lookup_elem(&replies, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";

// expect-program: xdp_icmp_echo xdp struct xdp_md
// expect-map: replies btf BPF_MAP_TYPE_ARRAY key="__u32" value="__u64" max_entries=1
// expect-function: swap_mac static always_inline
// expect-call: __builtin_memcpy
// expect-call: __sync_fetch_and_add
// expect-type: struct icmphdr
// expect-macro: ICMP_ECHO object
// expect-license: GPL
