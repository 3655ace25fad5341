// SPDX-License-Identifier: GPL-2.0
// A proxy-ARP responder: an ARP request for 192.168.1.1 is turned into the
// reply in place (opcode 2, sender/target swapped, our MAC filled in) and sent
// back with XDP_TX. Other ARP and non-ARP frames pass.
// packets: arp-request ipv4-tcp-syn
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/if_arp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct arp_eth_ipv4 {
	struct arphdr hdr;
	unsigned char sha[ETH_ALEN];
	__be32 sip;
	unsigned char tha[ETH_ALEN];
	__be32 tip;
} __attribute__((packed));

static const unsigned char our_mac[ETH_ALEN] = { 0x00, 0x1b, 0x21, 0x3c, 0x4d, 0x5e };

SEC("xdp")
int xdp_arp_reply(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct arp_eth_ipv4 *arp = (void *)(eth + 1);

	if ((void *)(arp + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_ARP))
		return XDP_PASS;
	if (arp->hdr.ar_op != bpf_htons(ARPOP_REQUEST) || arp->hdr.ar_hln != ETH_ALEN || arp->hdr.ar_pln != 4)
		return XDP_PASS;
	if (arp->tip != bpf_htonl(0xc0a80101))
		return XDP_PASS;
	arp->hdr.ar_op = bpf_htons(ARPOP_REPLY);
	__builtin_memcpy(arp->tha, arp->sha, ETH_ALEN);
	__builtin_memcpy(arp->sha, our_mac, ETH_ALEN);
	__be32 ip = arp->tip;
	arp->tip = arp->sip;
	arp->sip = ip;
	__builtin_memcpy(eth->h_dest, arp->tha, ETH_ALEN);
	__builtin_memcpy(eth->h_source, our_mac, ETH_ALEN);
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
