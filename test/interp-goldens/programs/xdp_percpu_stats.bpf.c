// SPDX-License-Identifier: GPL-2.0
// Per-CPU counters: a PERCPU_ARRAY of {packets, bytes} per address family and
// a PERCPU_HASH per IP protocol. The recorder pins the run to CPU 0, so only
// CPU 0's slots move; bpf_get_smp_processor_id() is recorded as well.
// repeat-packets: 2
// packets: ipv4-tcp-syn ipv6-udp arp-request ipv4-udp-dns
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct datarec {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, struct datarec);
} per_family SEC(".maps"); /* 0 IPv4, 1 IPv6, 2 other */

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} per_proto SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} last_cpu SEC(".maps");

SEC("xdp")
int xdp_percpu_stats(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 fam = 2, proto = 0, zero = 0;

	if ((void *)(eth + 1) > data_end)
		return XDP_ABORTED;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *iph = (void *)(eth + 1);
		if ((void *)(iph + 1) > data_end)
			return XDP_ABORTED;
		fam = 0;
		proto = iph->protocol;
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);
		if ((void *)(ip6 + 1) > data_end)
			return XDP_ABORTED;
		fam = 1;
		proto = ip6->nexthdr;
	}
	struct datarec *rec = bpf_map_lookup_elem(&per_family, &fam);
	if (!rec)
		return XDP_ABORTED;
	rec->packets++;
	rec->bytes += data_end - data;

	__u64 *n = bpf_map_lookup_elem(&per_proto, &proto);
	if (n) {
		*n += 1;
	} else {
		__u64 one = 1;
		bpf_map_update_elem(&per_proto, &proto, &one, BPF_NOEXIST);
	}
	__u32 cpu = bpf_get_smp_processor_id();
	bpf_map_update_elem(&last_cpu, &zero, &cpu, BPF_ANY);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
