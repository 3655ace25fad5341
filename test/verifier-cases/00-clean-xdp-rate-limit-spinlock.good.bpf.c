// SPDX-License-Identifier: GPL-2.0
// Check: none (clean GOOD program, guards against false positives)
// Shape: a per-source token bucket rate limiter. The bucket lives in a hash map value
// with a struct bpf_spin_lock; the critical section is short, calls no helpers and is
// released on every path.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define RATE_PER_SEC 1000
#define BURST 100
#define NSEC_PER_SEC 1000000000ULL

struct bucket {
	struct bpf_spin_lock lock;
	__u64 tokens;
	__u64 last_ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __be32);
	__type(value, struct bucket);
} buckets SEC(".maps");

SEC("xdp")
int xdp_rate_limit(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct bucket *b, init = {};
	__u64 now, refill;
	__be32 saddr;
	int allow;

	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;

	saddr = ip->saddr;
	now = bpf_ktime_get_ns();
	b = bpf_map_lookup_elem(&buckets, &saddr);
	if (!b) {
		init.tokens = BURST - 1;
		init.last_ns = now;
		bpf_map_update_elem(&buckets, &saddr, &init, BPF_NOEXIST);
		return XDP_PASS;
	}

	bpf_spin_lock(&b->lock);
	refill = (now - b->last_ns) * RATE_PER_SEC / NSEC_PER_SEC;
	if (refill) {
		b->tokens += refill;
		if (b->tokens > BURST)
			b->tokens = BURST;
		b->last_ns = now;
	}
	allow = b->tokens > 0;
	if (allow)
		b->tokens--;
	bpf_spin_unlock(&b->lock);

	return allow ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
