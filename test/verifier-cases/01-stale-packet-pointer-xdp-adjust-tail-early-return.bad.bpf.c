// SPDX-License-Identifier: GPL-2.0
// Check: bpf/stale-packet-pointer (BAD)
// Shape: early returns. UDP packets longer than the IPv4 total length (Ethernet
// padding) are trimmed with bpf_xdp_adjust_tail(); afterwards the program still reads
// the UDP header through the old `udp` pointer.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("xdp")
int xdp_trim_padding(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;
	struct udphdr *udp;
	int frame_len, want;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	if (ip->protocol != IPPROTO_UDP || ip->ihl != 5)
		return XDP_PASS;
	udp = (void *)(ip + 1);
	if ((void *)(udp + 1) > data_end)
		return XDP_PASS;

	frame_len = data_end - data;
	want = sizeof(*eth) + bpf_ntohs(ip->tot_len);
	if (want < frame_len) {
		if (bpf_xdp_adjust_tail(ctx, want - frame_len))
			return XDP_ABORTED;
	}

	if (udp->dest == bpf_htons(53)) // expect-error: bpf/stale-packet-pointer
		return XDP_PASS;
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
