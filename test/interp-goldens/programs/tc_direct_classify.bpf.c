// SPDX-License-Identifier: GPL-2.0
// Direct packet access in TC after bpf_skb_pull_data: classifies by DSCP and
// L4 port into skb->tc_classid / skb->priority, drops TCP SYNs to port 23 and
// rewrites the DSCP of DNS to CS5 in place (with a manual checksum update).
// packets: ipv4-tcp-syn ipv4-udp-dns ipv4-tcp-data ipv6-udp vlan-ipv4-udp ipv4-options
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} seen SEC(".maps"); /* 0: pull_data return, 1: classid given */

SEC("tc")
int tc_direct_classify(struct __sk_buff *skb)
{
	__u32 zero = 0, one = 1;
	__u32 pr = bpf_skb_pull_data(skb, 0);

	bpf_map_update_elem(&seen, &zero, &pr, BPF_ANY);
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph = (void *)(eth + 1);

	if ((void *)(iph + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return TC_ACT_UNSPEC;
	__u32 classid = 0x10000 | (iph->tos >> 2);
	if (iph->protocol == IPPROTO_TCP) {
		struct tcphdr *th = (void *)iph + iph->ihl * 4;
		if ((void *)(th + 1) > data_end)
			return TC_ACT_SHOT;
		if (th->syn && th->dest == bpf_htons(23))
			return TC_ACT_SHOT;
		classid += th->dest == bpf_htons(80) ? 0x10 : 0x20;
		skb->priority = 2;
	} else if (iph->protocol == IPPROTO_UDP) {
		struct udphdr *uh = (void *)iph + iph->ihl * 4;
		if ((void *)(uh + 1) > data_end)
			return TC_ACT_SHOT;
		if (uh->dest == bpf_htons(53)) {
			__u16 old = bpf_ntohs(*(__be16 *)iph);
			iph->tos = 0xa0; /* CS5 */
			__u16 new = bpf_ntohs(*(__be16 *)iph);
			__u32 sum = (__u16)~bpf_ntohs(iph->check) + (__u16)~old + new;
			sum = (sum & 0xffff) + (sum >> 16);
			sum = (sum & 0xffff) + (sum >> 16);
			iph->check = bpf_htons(~sum);
			classid += 0x30;
			skb->priority = 5;
		}
	}
	skb->tc_classid = classid;
	bpf_map_update_elem(&seen, &one, &classid, BPF_ANY);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
