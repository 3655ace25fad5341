// SPDX-License-Identifier: GPL-2.0
// Check: none (clean GOOD program, guards against false positives)
// Shape: a TC DNAT/load balancer: looks the (VIP, port) up in a service map, picks a
// backend, rewrites the destination address and port with bpf_skb_store_bytes() and
// incremental checksum fixes (bpf_l3_csum_replace / bpf_l4_csum_replace with
// BPF_F_PSEUDO_HDR), then reloads the packet pointers before reading the packet again.
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define IP_OFF ETH_HLEN
#define IP_CSUM_OFF (IP_OFF + offsetof(struct iphdr, check))
#define IP_DST_OFF (IP_OFF + offsetof(struct iphdr, daddr))
#define TCP_OFF (IP_OFF + sizeof(struct iphdr))
#define TCP_CSUM_OFF (TCP_OFF + offsetof(struct tcphdr, check))
#define TCP_DPORT_OFF (TCP_OFF + offsetof(struct tcphdr, dest))

struct svc_key {
	__be32 vip;
	__be16 port;
	__u16 pad;
};

struct backend {
	__be32 addr;
	__be16 port;
	__u16 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct svc_key);
	__type(value, struct backend);
} services SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __be32);
	__type(value, __u64);
} backend_bytes SEC(".maps");

SEC("tc")
int tc_dnat(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct tcphdr *tcp = (void *)(ip + 1);
	struct svc_key key = {};
	struct backend *be;
	__be32 old_addr, new_addr;
	__be16 old_port, new_port;
	__u64 *bytes, len;

	if ((void *)(tcp + 1) > data_end)
		return TC_ACT_OK;
	if (eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5 || ip->protocol != IPPROTO_TCP)
		return TC_ACT_OK;

	key.vip = ip->daddr;
	key.port = tcp->dest;
	be = bpf_map_lookup_elem(&services, &key);
	if (!be)
		return TC_ACT_OK;

	old_addr = ip->daddr;
	old_port = tcp->dest;
	new_addr = be->addr;
	new_port = be->port;

	if (bpf_l4_csum_replace(skb, TCP_CSUM_OFF, old_addr, new_addr, BPF_F_PSEUDO_HDR | sizeof(new_addr)) ||
	    bpf_l4_csum_replace(skb, TCP_CSUM_OFF, old_port, new_port, sizeof(new_port)) ||
	    bpf_l3_csum_replace(skb, IP_CSUM_OFF, old_addr, new_addr, sizeof(new_addr)) ||
	    bpf_skb_store_bytes(skb, IP_DST_OFF, &new_addr, sizeof(new_addr), 0) ||
	    bpf_skb_store_bytes(skb, TCP_DPORT_OFF, &new_port, sizeof(new_port), 0))
		return TC_ACT_SHOT;

	/* The helpers above invalidated every packet pointer: reload and re-check. */
	data = (void *)(long)skb->data;
	data_end = (void *)(long)skb->data_end;
	ip = data + IP_OFF;
	if ((void *)(ip + 1) > data_end)
		return TC_ACT_SHOT;

	len = bpf_ntohs(ip->tot_len);
	bytes = bpf_map_lookup_elem(&backend_bytes, &ip->daddr);
	if (bytes)
		__sync_fetch_and_add(bytes, len);
	else
		bpf_map_update_elem(&backend_bytes, &new_addr, &len, BPF_NOEXIST);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
