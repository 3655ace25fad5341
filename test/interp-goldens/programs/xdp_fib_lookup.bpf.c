// SPDX-License-Identifier: GPL-2.0
// bpf_fib_lookup from XDP with the packet's addresses. Under BPF_PROG_TEST_RUN
// the ingress device is the loopback, where forwarding is normally disabled,
// so the kernel answers BPF_FIB_LKUP_RET_FWD_DISABLED (5) before looking at
// any route: deterministic as long as net.ipv{4,6}.conf.lo.forwarding = 0
// (the recorder writes both sysctls into goldens.json). Route-dependent
// results (SUCCESS, NO_NEIGH, ...) are host-specific and deliberately not
// recorded. The params struct after the call is recorded too.
// packets: ipv4-tcp-syn ipv6-tcp-syn arp-request
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define AF_INET 2
#define AF_INET6 10

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bpf_fib_lookup);
} params_after SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __s64);
} ret SEC(".maps");

SEC("xdp")
int xdp_fib_lookup(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct bpf_fib_lookup p;
	__u32 zero = 0;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	__builtin_memset(&p, 0, sizeof(p));
	p.ifindex = ctx->ingress_ifindex;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *iph = (void *)(eth + 1);
		if ((void *)(iph + 1) > data_end)
			return XDP_PASS;
		p.family = AF_INET;
		p.tos = iph->tos;
		p.l4_protocol = iph->protocol;
		p.tot_len = bpf_ntohs(iph->tot_len);
		p.ipv4_src = iph->saddr;
		p.ipv4_dst = iph->daddr;
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);
		if ((void *)(ip6 + 1) > data_end)
			return XDP_PASS;
		p.family = AF_INET6;
		p.l4_protocol = ip6->nexthdr;
		p.tot_len = bpf_ntohs(ip6->payload_len) + sizeof(*ip6);
		__builtin_memcpy(p.ipv6_src, &ip6->saddr, 16);
		__builtin_memcpy(p.ipv6_dst, &ip6->daddr, 16);
	} else {
		return XDP_PASS;
	}
	__s64 r = bpf_fib_lookup(ctx, &p, sizeof(p), 0);
	bpf_map_update_elem(&ret, &zero, &r, BPF_ANY);
	bpf_map_update_elem(&params_after, &zero, &p, BPF_ANY);
	return r == BPF_FIB_LKUP_RET_SUCCESS ? XDP_TX : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
