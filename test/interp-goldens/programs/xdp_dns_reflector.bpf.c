// SPDX-License-Identifier: GPL-2.0
// Bounces UDP port 53 queries straight back (XDP_TX): MACs swapped with
// __builtin_memcpy, IPv4 addresses and UDP ports swapped (the checksums stay
// valid because the sums are unchanged), the DNS QR bit set and the UDP
// checksum patched for that one bit.
// packets: ipv4-udp-dns ipv4-tcp-syn ipv4-options vlan-ipv4-udp
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("xdp")
int xdp_dns_reflector(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph = (void *)(eth + 1);
	unsigned char mac[ETH_ALEN];

	if ((void *)(iph + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP) || iph->protocol != IPPROTO_UDP)
		return XDP_PASS;
	struct udphdr *uh = (void *)iph + iph->ihl * 4;
	if ((void *)(uh + 1) > data_end || uh->dest != bpf_htons(53))
		return XDP_PASS;
	__u8 *flags = (void *)(uh + 1) + 2;
	if ((void *)(flags + 1) > data_end)
		return XDP_PASS;

	__builtin_memcpy(mac, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, mac, ETH_ALEN);
	__be32 a = iph->saddr;
	iph->saddr = iph->daddr;
	iph->daddr = a;
	__be16 p = uh->source;
	uh->source = uh->dest;
	uh->dest = p;
	/* QR is the top bit of the flags word: add 0x8000 to the one's complement sum. */
	*flags |= 0x80;
	if (uh->check) {
		__u32 sum = (__u16)~uh->check + bpf_htons(0x8000);
		sum = (sum & 0xffff) + (sum >> 16);
		uh->check = ~sum ? ~sum : 0xffff;
	}
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
