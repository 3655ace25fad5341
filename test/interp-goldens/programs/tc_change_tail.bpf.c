// SPDX-License-Identifier: GPL-2.0
// bpf_skb_change_tail: frames over 100 bytes are trimmed to 100; frames under
// 64 are grown to 64 and the new bytes are filled with 0xee by
// bpf_skb_store_bytes (never rely on their initial contents).
// packets: ipv4-tcp-1500 ipv4-tcp-data ipv4-udp-dns arp-request eth-only ipv4-truncated
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct result {
	__s32 change_ret;
	__s32 store_ret;
	__u32 len_before;
	__u32 len_after;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct result);
} last SEC(".maps");

SEC("tc")
int tc_change_tail(struct __sk_buff *skb)
{
	struct result r = {};
	__u8 fill[64];
	__u32 zero = 0;

	r.len_before = skb->len;
	if (r.len_before > 100) {
		r.change_ret = bpf_skb_change_tail(skb, 100, 0);
	} else if (r.len_before < 64) {
		r.change_ret = bpf_skb_change_tail(skb, 64, 0);
		if (r.change_ret == 0) {
			__builtin_memset(fill, 0xee, sizeof(fill));
			__u32 n = 64 - r.len_before;
			if (n > 0 && n <= sizeof(fill))
				r.store_ret = bpf_skb_store_bytes(skb, r.len_before, fill, n, 0);
		}
	}
	r.len_after = skb->len;
	bpf_map_update_elem(&last, &zero, &r, BPF_ANY);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
