// SPDX-License-Identifier: GPL-2.0
// IPv4 fragment handling: classifies first / middle / last fragments from the
// MF bit and the 13-bit offset, keeps the first fragment's ports per IP id in
// a hash (a tiny reassembly-tracking table) and drops non-first fragments of
// unknown datagrams.
// packets: ipv4-frag-last ipv4-frag-first ipv4-frag-last ipv4-udp-dns ipv6-ext-frag-udp
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define IP_MF 0x2000
#define IP_OFFSET 0x1fff

struct frag_key {
	__be32 saddr;
	__be32 daddr;
	__be16 id;
	__u8 proto;
	__u8 pad;
};

struct frag_info {
	__be16 sport;
	__be16 dport;
	__u16 fragments;
	__u16 last_offset;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, struct frag_key);
	__type(value, struct frag_info);
} datagrams SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} kinds SEC(".maps"); /* 0 whole, 1 first, 2 middle, 3 last */

SEC("xdp")
int xdp_fragments(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph = (void *)(eth + 1);
	struct frag_key key = {};
	__u32 kind;

	if ((void *)(iph + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	__u16 frag = bpf_ntohs(iph->frag_off);
	__u16 offset = (frag & IP_OFFSET) * 8;
	int more = !!(frag & IP_MF);
	if (!more && !offset)
		kind = 0;
	else if (!offset)
		kind = 1;
	else if (more)
		kind = 2;
	else
		kind = 3;
	__u32 *n = bpf_map_lookup_elem(&kinds, &kind);
	if (n)
		*n += 1;
	if (kind == 0)
		return XDP_PASS;

	key.saddr = iph->saddr;
	key.daddr = iph->daddr;
	key.id = iph->id;
	key.proto = iph->protocol;
	struct frag_info *fi = bpf_map_lookup_elem(&datagrams, &key);
	if (kind == 1) {
		struct udphdr *uh = (void *)iph + iph->ihl * 4;
		if ((void *)(uh + 1) > data_end)
			return XDP_DROP;
		struct frag_info nfi = { uh->source, uh->dest, 1, 0 };
		bpf_map_update_elem(&datagrams, &key, &nfi, BPF_ANY);
		return XDP_PASS;
	}
	if (!fi)
		return XDP_DROP;
	fi->fragments++;
	fi->last_offset = offset;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
