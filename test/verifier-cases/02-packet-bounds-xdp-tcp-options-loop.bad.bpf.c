// SPDX-License-Identifier: GPL-2.0
// Check: bpf/packet-bounds (BAD)
// Shape: bounded loop over TCP options looking for the MSS option (SYNs with a tiny
// MSS are dropped). Each iteration checks that the option kind byte is in the packet,
// but then also reads the length byte (opt[1]), which is one byte further.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define MAX_OPTS 8
#define TCPOPT_EOL 0
#define TCPOPT_NOP 1
#define TCPOPT_MSS 2
#define MIN_MSS 536

SEC("xdp")
int xdp_clamp_mss_probe(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct tcphdr *tcp = (void *)(ip + 1);
	__u8 *opt;
	__u16 mss;
	int i;

	if ((void *)(tcp + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5 || ip->protocol != IPPROTO_TCP)
		return XDP_PASS;
	if (!tcp->syn)
		return XDP_PASS;

	opt = (__u8 *)(tcp + 1);
	for (i = 0; i < MAX_OPTS; i++) {
		if ((void *)(opt + 1) > data_end)
			break;
		if (opt[0] == TCPOPT_EOL)
			break;
		if (opt[0] == TCPOPT_NOP) {
			opt++;
			continue;
		}
		if (opt[0] == TCPOPT_MSS) {
			if ((void *)(opt + 4) > data_end)
				break;
			mss = (opt[2] << 8) | opt[3];
			return mss < MIN_MSS ? XDP_DROP : XDP_PASS;
		}
		if (opt[1] < 2) // expect-error: bpf/packet-bounds
			break;
		opt += opt[1] & 0x3f;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
