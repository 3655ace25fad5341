// SPDX-License-Identifier: GPL-2.0
/*
 * TC ingress: rewrite TCP destination port from_port -> to_port and,
 * optionally, the destination address. The checksums are fixed with
 * bpf_l4_csum_replace() (BPF_F_PSEUDO_HDR for the address, which the TCP
 * checksum covers through the pseudo header) and bpf_l3_csum_replace().
 */
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define IP_CSUM_OFF (ETH_HLEN + offsetof(struct iphdr, check))
#define IP_DST_OFF (ETH_HLEN + offsetof(struct iphdr, daddr))
#define TCP_CSUM_OFF (ETH_HLEN + sizeof(struct iphdr) + offsetof(struct tcphdr, check))
#define TCP_DPORT_OFF (ETH_HLEN + sizeof(struct iphdr) + offsetof(struct tcphdr, dest))

const volatile __u16 from_port = 8080;
const volatile __u16 to_port = 80;
/* Network byte order; 0 keeps the destination address. */
const volatile __u32 new_daddr = 0;

SEC("tc")
int tc_port_rewrite(struct __sk_buff *skb)
{
	void *data_end = (void *)(long)skb->data_end;
	void *data = (void *)(long)skb->data;
	struct ethhdr *eth = data;
	struct iphdr *iph = (void *)(eth + 1);
	struct tcphdr *tcph = (void *)(iph + 1);
	__be16 old_port, new_port;
	__be32 old_addr;

	if ((void *)(tcph + 1) > data_end)
		return TC_ACT_OK;
	if (eth->h_proto != bpf_htons(ETH_P_IP) || iph->protocol != IPPROTO_TCP || iph->ihl != 5)
		return TC_ACT_OK;
	if (tcph->dest != bpf_htons(from_port))
		return TC_ACT_OK;

	/* read everything before the helpers invalidate the packet pointers */
	old_port = tcph->dest;
	old_addr = iph->daddr;
	new_port = bpf_htons(to_port);

	if (bpf_l4_csum_replace(skb, TCP_CSUM_OFF, old_port, new_port, sizeof(new_port)))
		return TC_ACT_SHOT;
	if (bpf_skb_store_bytes(skb, TCP_DPORT_OFF, &new_port, sizeof(new_port), 0))
		return TC_ACT_SHOT;

	if (new_daddr) {
		__be32 daddr = new_daddr;

		if (bpf_l4_csum_replace(skb, TCP_CSUM_OFF, old_addr, daddr, BPF_F_PSEUDO_HDR | sizeof(daddr)))
			return TC_ACT_SHOT;
		if (bpf_l3_csum_replace(skb, IP_CSUM_OFF, old_addr, daddr, sizeof(daddr)))
			return TC_ACT_SHOT;
		if (bpf_skb_store_bytes(skb, IP_DST_OFF, &daddr, sizeof(daddr), 0))
			return TC_ACT_SHOT;
	}
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";

// expect-program: tc_port_rewrite sched_cls struct __sk_buff
// expect-global: from_port .rodata
// expect-global: new_daddr .rodata
// expect-macro: TCP_CSUM_OFF object
// expect-call: bpf_l4_csum_replace
// expect-call: bpf_l3_csum_replace
// expect-call: bpf_skb_store_bytes
// expect-license: GPL
