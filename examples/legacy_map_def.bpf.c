// SPDX-License-Identifier: GPL-2.0
/*
 * The pre-BTF way to define maps: a `struct bpf_map_def` in the "maps"
 * section. libbpf >= 1.0 no longer loads these (use BTF maps, SEC(".maps"));
 * iproute2's own loader and old toolchains still meet them. libbpf 1.x
 * headers no longer declare the struct, so it is declared here.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

struct bpf_map_def SEC("maps") pkt_count = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 2,
};

SEC("socket")
int count_packets(struct __sk_buff *skb)
{
	__u32 key = skb->pkt_type == 0 ? 0 : 1; /* PACKET_HOST or not */
	__u64 *n = bpf_map_lookup_elem(&pkt_count, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
	return skb->len; /* keep the whole packet */
}

char _license[] SEC("license") = "GPL";

// expect-program: count_packets socket_filter struct __sk_buff
// expect-map: pkt_count legacy BPF_MAP_TYPE_ARRAY key_size=4 value_size=8 max_entries=2
// expect-type: struct bpf_map_def
// expect-license: GPL
