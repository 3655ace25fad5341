// SPDX-License-Identifier: GPL-2.0
// bpf_redirect_map into a CPUMAP: CPU 0 has a queue (maps-init, qsize 192),
// CPU 1 does not. TCP goes to CPU 0 (XDP_REDIRECT), everything else to CPU 1,
// which falls back to XDP_PASS.
// maps-init: xdp_redirect_cpumap.maps.json
// packets: ipv4-tcp-syn ipv4-udp-dns ipv6-tcp-syn
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_CPUMAP);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32); /* struct bpf_cpumap_val.qsize only */
} cpus SEC(".maps");

SEC("xdp")
int xdp_redirect_cpumap(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u8 proto = 0;

	if ((void *)(eth + 1) > data_end)
		return XDP_ABORTED;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *iph = (void *)(eth + 1);
		if ((void *)(iph + 1) > data_end)
			return XDP_ABORTED;
		proto = iph->protocol;
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);
		if ((void *)(ip6 + 1) > data_end)
			return XDP_ABORTED;
		proto = ip6->nexthdr;
	}
	return bpf_redirect_map(&cpus, proto == IPPROTO_TCP ? 0 : 1, XDP_PASS);
}

char LICENSE[] SEC("license") = "GPL";
