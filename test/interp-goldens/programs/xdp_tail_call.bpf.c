// SPDX-License-Identifier: GPL-2.0
// Tail calls through a statically initialised BPF_MAP_TYPE_PROG_ARRAY: the
// dispatcher jumps to a per-family handler (slot 0 IPv4, slot 1 IPv6); slot 2
// is left empty, so for ARP the tail call fails and the dispatcher carries on.
// entry: xdp_dispatch
// packets: ipv4-tcp-syn ipv6-udp arp-request ipv4-icmp-echo
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} path SEC(".maps"); /* 0: dispatcher runs, 1: v4 handler, 2: v6 handler, 3: fell through */

static __always_inline void mark(__u32 k)
{
	__u32 *v = bpf_map_lookup_elem(&path, &k);
	if (v)
		*v += 1;
}

SEC("xdp")
int handle_ipv4(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct iphdr *iph = data + sizeof(struct ethhdr);

	mark(1);
	if ((void *)(iph + 1) > data_end)
		return XDP_ABORTED;
	return iph->protocol == 1 ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int handle_ipv6(struct xdp_md *ctx)
{
	mark(2);
	return XDP_TX;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 3);
	__uint(key_size, sizeof(__u32));
	__array(values, int(void *));
} jump_table SEC(".maps") = {
	.values = {
		[0] = (void *)&handle_ipv4,
		[1] = (void *)&handle_ipv6,
	},
};

SEC("xdp")
int xdp_dispatch(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 slot = 2;

	mark(0);
	if ((void *)(eth + 1) > data_end)
		return XDP_ABORTED;
	if (eth->h_proto == bpf_htons(ETH_P_IP))
		slot = 0;
	else if (eth->h_proto == bpf_htons(ETH_P_IPV6))
		slot = 1;
	bpf_tail_call(ctx, &jump_table, slot);
	mark(3);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
