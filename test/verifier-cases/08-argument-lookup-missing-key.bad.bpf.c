// SPDX-License-Identifier: GPL-2.0
// Check: bpf/argument (BAD, compile error)
// Shape: wrong number of arguments: bpf_map_lookup_elem() called without the key.
// libbpf declares the helpers with full prototypes, so clang rejects the call before
// the verifier ever sees it.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

SEC("xdp")
int xdp_hits(struct xdp_md *ctx)
{
	__u64 *cnt = bpf_map_lookup_elem(&hits); // expect-error: bpf/argument

	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
