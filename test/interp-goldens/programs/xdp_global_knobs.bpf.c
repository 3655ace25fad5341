// SPDX-License-Identifier: GPL-2.0
// Global variables: `const volatile` knobs in .rodata (frozen at load, the
// verifier prunes on them), initialised globals in .data and zeroed counters
// in .bss. The recorder dumps all three sections like maps.
// packets: ipv4-tcp-syn ipv4-tcp-data ipv4-icmp-echo ipv4-udp-dns ipv6-tcp-syn arp-request
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

const volatile __u16 blocked_port = 80;
const volatile __u8 drop_icmp = 1;
const volatile __u8 allow_ipv6 = 0;

__u32 sample_every = 3;
__u64 budget = 5;

__u64 seen;
__u64 dropped;
__u32 sampled;
__u16 last_dport;

SEC("xdp")
int xdp_global_knobs(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	seen++;
	if (seen % sample_every == 0)
		sampled++;
	if (budget == 0)
		return XDP_PASS;
	budget--;
	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto == bpf_htons(ETH_P_IPV6) && !allow_ipv6) {
		dropped++;
		return XDP_DROP;
	}
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	struct iphdr *iph = (void *)(eth + 1);
	if ((void *)(iph + 1) > data_end)
		return XDP_PASS;
	if (iph->protocol == IPPROTO_ICMP && drop_icmp) {
		dropped++;
		return XDP_DROP;
	}
	if (iph->protocol == IPPROTO_TCP) {
		struct tcphdr *th = (void *)(iph + 1);
		if ((void *)(th + 1) > data_end)
			return XDP_PASS;
		last_dport = bpf_ntohs(th->dest);
		if (last_dport == blocked_port && th->syn) {
			dropped++;
			return XDP_DROP;
		}
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
