// SPDX-License-Identifier: GPL-2.0
// bpf_csum_diff three ways: (1) verify the IPv4 header checksum by summing the
// whole header (from = NULL), (2) DNAT 93.184.216.34 -> 10.1.2.3 fixing the IP
// and TCP/UDP checksums with the diff of the two addresses, (3) keep the raw
// helper return values (the unfolded 32-bit sums) in a map.
// packets: ipv4-tcp-syn ipv4-udp-dns ipv4-tcp-data ipv4-icmp-echo ipv4-options ipv4-tcp-1500
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct sums {
	__s64 header_sum;
	__s64 addr_diff;
	__u32 header_valid;
	__u32 rewritten;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sums);
} last SEC(".maps");

static __always_inline __u16 fold(__u64 s)
{
	s = (s & 0xffffffff) + (s >> 32);
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (__u16)s;
}

SEC("xdp")
int xdp_csum_diff(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph = (void *)(eth + 1);
	struct sums s = {};
	__u32 zero = 0;

	if ((void *)(iph + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP) || iph->ihl != 5)
		return XDP_PASS;
	s.header_sum = bpf_csum_diff(0, 0, (__be32 *)iph, sizeof(*iph), 0);
	s.header_valid = fold(s.header_sum) == 0xffff;

	__be32 old_daddr = iph->daddr;
	__be32 new_daddr = bpf_htonl(0x0a010203);
	if (old_daddr == bpf_htonl(0x5db8d822)) {
		s.addr_diff = bpf_csum_diff(&old_daddr, 4, &new_daddr, 4, 0);
		iph->daddr = new_daddr;
		iph->check = ~fold((__u64)(__u16)~iph->check + (__u32)s.addr_diff);
		if (iph->protocol == IPPROTO_TCP) {
			struct tcphdr *th = (void *)(iph + 1);
			if ((void *)(th + 1) > data_end)
				return XDP_ABORTED;
			th->check = ~fold((__u64)(__u16)~th->check + (__u32)s.addr_diff);
		} else if (iph->protocol == IPPROTO_UDP) {
			struct udphdr *uh = (void *)(iph + 1);
			if ((void *)(uh + 1) > data_end)
				return XDP_ABORTED;
			if (uh->check)
				uh->check = ~fold((__u64)(__u16)~uh->check + (__u32)s.addr_diff);
		}
		s.rewritten = 1;
	}
	bpf_map_update_elem(&last, &zero, &s, BPF_ANY);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
