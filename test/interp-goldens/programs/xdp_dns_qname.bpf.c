// SPDX-License-Identifier: GPL-2.0
// Parses the DNS header and walks the question name label by label with a
// bounded loop and a per-byte bounds check against data_end, recording the
// query id, qdcount, the number of labels, the name length, a simple hash of
// the name and the QTYPE that follows it.
// packets: ipv4-udp-dns vlan-ipv4-udp ipv4-options ipv4-tcp-syn
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define MAX_NAME 64

struct dnshdr {
	__be16 id;
	__be16 flags;
	__be16 qdcount;
	__be16 ancount;
	__be16 nscount;
	__be16 arcount;
};

struct question {
	__u16 id;
	__u16 qdcount;
	__u16 labels;
	__u16 name_len;
	__u32 name_hash;
	__u16 qtype;
	__u16 qclass;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct question);
} last SEC(".maps");

SEC("xdp")
int xdp_dns_qname(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph = (void *)(eth + 1);
	struct question q = {};
	__u32 zero = 0;

	if ((void *)(iph + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP) || iph->protocol != IPPROTO_UDP)
		return XDP_PASS;
	struct udphdr *uh = (void *)iph + iph->ihl * 4;
	if ((void *)(uh + 1) > data_end || uh->dest != bpf_htons(53))
		return XDP_PASS;
	struct dnshdr *dh = (void *)(uh + 1);
	if ((void *)(dh + 1) > data_end)
		return XDP_DROP;
	q.id = bpf_ntohs(dh->id);
	q.qdcount = bpf_ntohs(dh->qdcount);

	__u8 *p = (void *)(dh + 1);
	__u32 hash = 5381;
	int remaining = 0; /* bytes left in the current label */
	int i;
	for (i = 0; i < MAX_NAME; i++) {
		if ((void *)(p + i + 1) > data_end)
			return XDP_DROP;
		__u8 c = p[i];
		if (remaining == 0) {
			if (c == 0)
				break;
			if (c > 63)
				return XDP_DROP; /* compression pointers are not expected in a question */
			remaining = c;
			q.labels++;
		} else {
			hash = hash * 33 + c;
			remaining--;
		}
	}
	if (i == MAX_NAME)
		return XDP_DROP;
	q.name_len = i + 1;
	q.name_hash = hash;
	__be16 *tail = (void *)(p + i + 1);
	if ((void *)(tail + 2) > data_end)
		return XDP_DROP;
	q.qtype = bpf_ntohs(tail[0]);
	q.qclass = bpf_ntohs(tail[1]);
	bpf_map_update_elem(&last, &zero, &q, BPF_ANY);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
