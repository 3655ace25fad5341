// SPDX-License-Identifier: GPL-2.0
// Check: bpf/map-value-null (BAD)
// Shape: socket-local storage. bpf_sk_storage_get() with BPF_SK_STORAGE_GET_F_CREATE can
// still return NULL (allocation failure), but the per-socket byte counter is updated
// without a check.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct sk_bytes {
	__u64 tx;
};

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct sk_bytes);
} sk_bytes SEC(".maps");

SEC("cgroup_skb/egress")
int count_sk_bytes(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;
	struct sk_bytes *st;

	if (!sk)
		return 1;
	sk = bpf_sk_fullsock(sk);
	if (!sk)
		return 1;

	st = bpf_sk_storage_get(&sk_bytes, sk, 0, BPF_SK_STORAGE_GET_F_CREATE);
	__sync_fetch_and_add(&st->tx, skb->len); // expect-error: bpf/map-value-null
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
