// SPDX-License-Identifier: GPL-2.0
// Check: bpf/map-value-null (GOOD, kernel-specific)
// Shape: array map looked up with the constant key 0, which is in range. Since Linux
// 6.14 the verifier proves such a lookup cannot fail and accepts the value without a
// NULL check (older kernels reject this program). Guards against reporting a missing
// NULL check where this kernel does not need one.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} total_pkts SEC(".maps");

SEC("xdp")
int xdp_count_all(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *cnt;

	cnt = bpf_map_lookup_elem(&total_pkts, &key);
	*cnt += 1;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
