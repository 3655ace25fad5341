// SPDX-License-Identifier: GPL-2.0
// bpf_get_hash_recalc / bpf_set_hash. The first hash is a flow hash with a
// per-boot random seed, so only "non-zero" and "equal on a second call" are
// recorded; after bpf_set_hash the value is ours and is recorded in full (and
// copied into skb->mark so ctx_out shows it).
// packets: ipv4-tcp-syn ipv6-udp arp-request
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct result {
	__u32 first_nonzero;
	__u32 stable;
	__u32 after_set;
	__u32 skb_hash_field;
	__s64 set_ret;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct result);
} last SEC(".maps");

SEC("tc")
int tc_hash_recalc(struct __sk_buff *skb)
{
	struct result r = {};
	__u32 zero = 0;

	__u32 h1 = bpf_get_hash_recalc(skb);
	__u32 h2 = bpf_get_hash_recalc(skb);
	r.first_nonzero = h1 != 0;
	r.stable = h1 == h2;
	r.set_ret = bpf_set_hash(skb, 0x5eed1234 ^ skb->len);
	r.after_set = bpf_get_hash_recalc(skb);
	r.skb_hash_field = skb->hash;
	skb->mark = r.after_set;
	bpf_map_update_elem(&last, &zero, &r, BPF_ANY);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
