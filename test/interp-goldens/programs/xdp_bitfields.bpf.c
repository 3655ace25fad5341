// SPDX-License-Identifier: GPL-2.0
// Reads C bitfields the way kernel headers declare them: iphdr.version/ihl,
// tcphdr.doff and the flag bits (syn, ack, fin, rst, psh). Drops IPv4 with
// IHL < 5 or version != 4 and bare SYNs to port 22; records what it saw.
// packets: ipv4-tcp-syn ipv4-tcp-data ipv4-options ipv4-bad-ihl ipv4-tcp-1500 ipv4-udp-dns
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct seen {
	__u8 version;
	__u8 ihl;
	__u8 doff;
	__u8 syn, ack, fin, rst, psh;
	__u16 window;
	__u8 df, mf;
	__u32 syn_only;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct seen);
} last SEC(".maps");

SEC("xdp")
int xdp_bitfields(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph = (void *)(eth + 1);
	__u32 zero = 0;

	if ((void *)(iph + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	struct seen *s = bpf_map_lookup_elem(&last, &zero);
	if (!s)
		return XDP_ABORTED;
	s->version = iph->version;
	s->ihl = iph->ihl;
	s->df = !!(iph->frag_off & bpf_htons(0x4000));
	s->mf = !!(iph->frag_off & bpf_htons(0x2000));
	if (iph->version != 4 || iph->ihl < 5)
		return XDP_DROP;
	if (iph->protocol != IPPROTO_TCP)
		return XDP_PASS;
	struct tcphdr *th = (void *)iph + iph->ihl * 4;
	if ((void *)(th + 1) > data_end)
		return XDP_DROP;
	s->doff = th->doff;
	s->syn = th->syn;
	s->ack = th->ack;
	s->fin = th->fin;
	s->rst = th->rst;
	s->psh = th->psh;
	s->window = bpf_ntohs(th->window);
	if (th->syn && !th->ack) {
		s->syn_only++;
		if (th->dest == bpf_htons(22))
			return XDP_DROP;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
