// SPDX-License-Identifier: GPL-2.0
// Check: none (clean GOOD program, guards against false positives)
// Shape: bpf_loop() with a callback and a context struct on the stack: scans the first
// UDP payload bytes for a marker byte. The callback re-derives and bounds-checks its
// packet pointer from the xdp_md it is given each iteration.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define PAYLOAD_OFF (sizeof(struct ethhdr) + sizeof(struct iphdr) + sizeof(struct udphdr))
#define SCAN_LEN 64
#define MARKER 0x7e

struct scan_ctx {
	struct xdp_md *xdp;
	__u32 found;
};

static long scan_one(__u64 index, void *arg)
{
	struct scan_ctx *sc = arg;
	void *data = (void *)(long)sc->xdp->data;
	void *data_end = (void *)(long)sc->xdp->data_end;
	__u8 *p;

	if (index >= SCAN_LEN)
		return 1;
	p = data + PAYLOAD_OFF + index;
	if ((void *)(p + 1) > data_end)
		return 1;
	if (*p == MARKER) {
		sc->found = 1;
		return 1;
	}
	return 0;
}

SEC("xdp")
int xdp_find_marker(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);
	struct scan_ctx sc = { .xdp = ctx, .found = 0 };

	if ((void *)(udp + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5 || ip->protocol != IPPROTO_UDP)
		return XDP_PASS;

	bpf_loop(SCAN_LEN, scan_one, &sc, 0);
	return sc.found ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
