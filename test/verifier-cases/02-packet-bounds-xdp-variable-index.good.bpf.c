// SPDX-License-Identifier: GPL-2.0
// Check: bpf/packet-bounds (GOOD)
// Shape: variable index into the packet: the index is bounded and the derived pointer
// `payload + idx` is itself checked against data_end before the read.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define PAYLOAD_PEEK 16

SEC("xdp")
int xdp_udp_selector(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);
	__u8 *payload = (__u8 *)(udp + 1);
	__u8 *sel;
	__u8 idx;

	if ((void *)(payload + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5 || ip->protocol != IPPROTO_UDP)
		return XDP_PASS;

	idx = payload[0];
	if (idx >= PAYLOAD_PEEK)
		return XDP_PASS;
	sel = payload + idx;
	if ((void *)(sel + 1) > data_end)
		return XDP_PASS;
	return *sel == 0xff ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
