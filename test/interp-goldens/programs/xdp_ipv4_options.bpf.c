// SPDX-License-Identifier: GPL-2.0
// Walks IPv4 options (IHL > 5) with a bounded loop: counts NOP, router alert,
// record route and other options, and records the option bytes' total. Packets
// carrying a router alert are passed, other optioned packets are dropped.
// packets: ipv4-options ipv4-tcp-syn ipv4-bad-ihl
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define MAX_OPT_BYTES 40

struct opts {
	__u32 eol, nop, ra, rr, other;
	__u32 option_bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct opts);
} seen SEC(".maps");

SEC("xdp")
int xdp_ipv4_options(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph = (void *)(eth + 1);
	__u32 zero = 0;

	if ((void *)(iph + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if (iph->ihl <= 5)
		return XDP_PASS;
	struct opts *o = bpf_map_lookup_elem(&seen, &zero);
	if (!o)
		return XDP_ABORTED;
	__u8 *opt = (void *)(iph + 1);
	int len = (iph->ihl - 5) * 4;
	int i = 0;
	int has_ra = 0;
	o->option_bytes += len;
	for (int n = 0; n < MAX_OPT_BYTES; n++) {
		if (i >= len)
			break;
		__u8 *p = opt + (i & (MAX_OPT_BYTES * 2 - 1));
		if ((void *)(p + 1) > data_end)
			return XDP_DROP;
		if (p[0] == 0) {
			o->eol++;
			break;
		}
		if (p[0] == 1) {
			o->nop++;
			i++;
			continue;
		}
		if ((void *)(p + 2) > data_end)
			return XDP_DROP;
		if (p[1] < 2)
			return XDP_DROP;
		if (p[0] == 148) {
			o->ra++;
			has_ra = 1;
		} else if (p[0] == 7) {
			o->rr++;
		} else {
			o->other++;
		}
		i += p[1];
	}
	return has_ra ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
