// SPDX-License-Identifier: GPL-2.0
// Hash-map counters keyed by source address (IPv4: 4-byte key, IPv6: 16-byte
// key). An ICMP echo request deletes its sender's IPv4 entry, so the sequence
// shows insert, update and delete.
// repeat-packets: 2
// packets: ipv4-tcp-syn ipv4-udp-dns ipv4-tcp-1500 ipv6-udp ipv4-icmp-echo ipv6-tcp-syn
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct counters {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 32);
	__type(key, __be32);
	__type(value, struct counters);
} by_src4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 32);
	__type(key, struct in6_addr);
	__type(value, struct counters);
} by_src6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __s64);
} delete_ret SEC(".maps");

static __always_inline void account(void *map, void *key, __u64 len)
{
	struct counters *c = bpf_map_lookup_elem(map, key);
	if (c) {
		__sync_fetch_and_add(&c->packets, 1);
		__sync_fetch_and_add(&c->bytes, len);
		return;
	}
	struct counters init = { 1, len };
	bpf_map_update_elem(map, key, &init, BPF_NOEXIST);
}

SEC("xdp")
int xdp_srcip_hash(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u64 len = data_end - data;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *iph = (void *)(eth + 1);
		if ((void *)(iph + 1) > data_end)
			return XDP_PASS;
		__be32 src = iph->saddr;
		if (iph->protocol == IPPROTO_ICMP) {
			__u32 zero = 0;
			__s64 r = bpf_map_delete_elem(&by_src4, &src);
			bpf_map_update_elem(&delete_ret, &zero, &r, BPF_ANY);
			return XDP_PASS;
		}
		account(&by_src4, &src, len);
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);
		if ((void *)(ip6 + 1) > data_end)
			return XDP_PASS;
		struct in6_addr src = ip6->saddr;
		account(&by_src6, &src, len);
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
