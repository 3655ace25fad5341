// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU packet and byte counters per IP protocol at the TC ingress hook,
 * with the insert-if-missing pattern (BPF_NOEXIST) on a PERCPU_HASH.
 */
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define MAX_PROTOCOLS 256

struct proto_counter {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, MAX_PROTOCOLS);
	__type(key, __u32);
	__type(value, struct proto_counter);
} proto_counters SEC(".maps");

SEC("tc")
int count_protocols(struct __sk_buff *skb)
{
	struct proto_counter *c, init = {};
	__u8 proto;
	__u32 key;

	if (skb->protocol != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	if (bpf_skb_load_bytes(skb, ETH_HLEN + offsetof(struct iphdr, protocol), &proto, sizeof(proto)))
		return TC_ACT_OK;

	key = proto;
	c = bpf_map_lookup_elem(&proto_counters, &key);
	if (!c) {
		/* another CPU may insert the key first: that is fine */
		bpf_map_update_elem(&proto_counters, &key, &init, BPF_NOEXIST);
		c = bpf_map_lookup_elem(&proto_counters, &key);
		if (!c)
			return TC_ACT_OK;
	}
	/* per-CPU values: no atomics needed */
	c->packets++;
	c->bytes += skb->len;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";

// expect-program: count_protocols sched_cls struct __sk_buff
// expect-map: proto_counters btf BPF_MAP_TYPE_PERCPU_HASH key="__u32" value="struct proto_counter" max_entries=256
// expect-call: bpf_skb_load_bytes
// expect-call: bpf_map_update_elem
// expect-macro: MAX_PROTOCOLS object
// expect-type: struct proto_counter
// expect-license: GPL
