// SPDX-License-Identifier: GPL-2.0
// bpf_redirect_map into an XSKMAP with no AF_XDP socket bound: the lookup
// fails, so the helper returns the fallback action from the low bits of
// flags (XDP_PASS for UDP, 0 = XDP_ABORTED otherwise).
// packets: ipv4-udp-dns ipv4-tcp-syn
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} xsks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} seen SEC(".maps"); /* 0: rx_queue_index, 1: last helper return */

SEC("xdp")
int xdp_redirect_xskmap(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct iphdr *iph = data + sizeof(struct ethhdr);
	__u32 q = ctx->rx_queue_index, k0 = 0, k1 = 1;
	__u32 ret;

	if ((void *)(iph + 1) > data_end)
		return XDP_PASS;
	if (iph->protocol == IPPROTO_UDP)
		ret = bpf_redirect_map(&xsks, q, XDP_PASS);
	else
		ret = bpf_redirect_map(&xsks, q, 0);
	bpf_map_update_elem(&seen, &k0, &q, BPF_ANY);
	bpf_map_update_elem(&seen, &k1, &ret, BPF_ANY);
	return ret;
}

char LICENSE[] SEC("license") = "GPL";
