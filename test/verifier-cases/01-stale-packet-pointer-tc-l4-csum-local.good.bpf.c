// SPDX-License-Identifier: GPL-2.0
// Check: bpf/stale-packet-pointer (GOOD)
// Shape: pointer kept in a local (`tcp`). The SYN flag is read before the checksum
// and port are rewritten, so nothing is read through `tcp` after the helpers.
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define TCP_OFF (ETH_HLEN + sizeof(struct iphdr))
#define TCP_DPORT_OFF (TCP_OFF + offsetof(struct tcphdr, dest))
#define TCP_CSUM_OFF (TCP_OFF + offsetof(struct tcphdr, check))

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} syn_count SEC(".maps");

SEC("tc")
int tc_port_redirect(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct tcphdr *tcp = (void *)(ip + 1);
	__be16 old_port, new_port = bpf_htons(80);
	__u32 key = 0;
	__u64 *cnt;
	int is_syn;

	if ((void *)(tcp + 1) > data_end)
		return TC_ACT_OK;
	if (eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5 || ip->protocol != IPPROTO_TCP)
		return TC_ACT_OK;
	if (tcp->dest != bpf_htons(8080))
		return TC_ACT_OK;

	old_port = tcp->dest;
	is_syn = tcp->syn;
	bpf_l4_csum_replace(skb, TCP_CSUM_OFF, old_port, new_port, sizeof(new_port));
	bpf_skb_store_bytes(skb, TCP_DPORT_OFF, &new_port, sizeof(new_port), 0);

	if (is_syn) {
		cnt = bpf_map_lookup_elem(&syn_count, &key);
		if (cnt)
			__sync_fetch_and_add(cnt, 1);
	}
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
