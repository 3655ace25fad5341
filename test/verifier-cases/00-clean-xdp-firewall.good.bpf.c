// SPDX-License-Identifier: GPL-2.0
// Check: none (clean GOOD program, guards against false positives)
// Shape: a complete XDP firewall: Ethernet with up to two VLAN tags, IPv4 with options
// (variable ihl), TCP/UDP ports through a common port header, an LPM-trie blocklist, a port blocklist, and per-CPU
// counters. Every header is bounds-checked before it is read; every map value is
// NULL-checked.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define VLAN_MAX_DEPTH 2

struct vlan_hdr {
	__be16 h_vlan_TCI;
	__be16 h_vlan_encapsulated_proto;
};

struct l4_ports {
	__be16 source;
	__be16 dest;
};

struct lpm_v4_key {
	__u32 prefixlen;
	__be32 addr;
};

enum stat_idx { STAT_PASS, STAT_DROP_NET, STAT_DROP_PORT, STAT_MALFORMED, STAT_MAX };

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 1024);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct lpm_v4_key);
	__type(value, __u32);
} blocked_nets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u16);
	__type(value, __u8);
} blocked_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, STAT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

static __always_inline int count(enum stat_idx idx, int action)
{
	__u32 key = idx;
	__u64 *cnt = bpf_map_lookup_elem(&stats, &key);

	if (cnt)
		*cnt += 1;
	return action;
}

static __always_inline int parse_eth(void **pos, void *data_end, __u16 *proto)
{
	struct ethhdr *eth = *pos;
	struct vlan_hdr *vh;
	__u16 h_proto;
	int i;

	if ((void *)(eth + 1) > data_end)
		return -1;
	h_proto = eth->h_proto;
	vh = (void *)(eth + 1);

#pragma unroll
	for (i = 0; i < VLAN_MAX_DEPTH; i++) {
		if (h_proto != bpf_htons(ETH_P_8021Q) && h_proto != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(vh + 1) > data_end)
			return -1;
		h_proto = vh->h_vlan_encapsulated_proto;
		vh++;
	}
	*pos = vh;
	*proto = h_proto;
	return 0;
}

SEC("xdp")
int xdp_firewall(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	void *pos = data;
	struct lpm_v4_key key;
	struct l4_ports *ports;
	struct iphdr *ip;
	__u16 proto, dport;
	__u32 hdr_len;

	if (parse_eth(&pos, data_end, &proto) < 0)
		return count(STAT_MALFORMED, XDP_DROP);
	if (proto != bpf_htons(ETH_P_IP))
		return count(STAT_PASS, XDP_PASS);

	ip = pos;
	if ((void *)(ip + 1) > data_end)
		return count(STAT_MALFORMED, XDP_DROP);
	hdr_len = ip->ihl * 4;
	if (hdr_len < sizeof(*ip))
		return count(STAT_MALFORMED, XDP_DROP);

	key.prefixlen = 32;
	key.addr = ip->saddr;
	if (bpf_map_lookup_elem(&blocked_nets, &key))
		return count(STAT_DROP_NET, XDP_DROP);

	if (ip->protocol != IPPROTO_TCP && ip->protocol != IPPROTO_UDP)
		return count(STAT_PASS, XDP_PASS);

	/* TCP and UDP both start with the two ports. */
	ports = (void *)ip + hdr_len;
	if ((void *)(ports + 1) > data_end)
		return count(STAT_MALFORMED, XDP_DROP);
	dport = bpf_ntohs(ports->dest);

	if (bpf_map_lookup_elem(&blocked_ports, &dport))
		return count(STAT_DROP_PORT, XDP_DROP);
	return count(STAT_PASS, XDP_PASS);
}

char LICENSE[] SEC("license") = "GPL";
