// SPDX-License-Identifier: GPL-2.0
// Check: bpf/printk-format (BAD, runtime)
// Shape: printing a ratio with %f. BPF has no floating point and the BPF printf
// implementation rejects %f (like %n, %o, %e): bpf_trace_printk() returns -EINVAL at
// run time.
// run: ipv4-tcp error-retval=0
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("xdp")
int xdp_log_syn(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct tcphdr *tcp = (void *)(ip + 1);

	if ((void *)(tcp + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5 || ip->protocol != IPPROTO_TCP)
		return XDP_PASS;

	/* The result of bpf_printk() is propagated so a test run shows the verdict. */
	if (bpf_printk("window/mss %f", bpf_ntohs(tcp->window) / 1460) < 0) // expect-error: bpf/printk-format
		return XDP_ABORTED;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
