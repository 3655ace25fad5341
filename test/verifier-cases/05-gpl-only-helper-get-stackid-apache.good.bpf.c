// SPDX-License-Identifier: GPL-2.0
// Check: bpf/gpl-only-helper (GOOD)
// Shape: the stack-counting profiler with the license string
// "GPL and additional rights", which the kernel treats as GPL-compatible.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 1024);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, 127 * sizeof(__u64));
} stack_traces SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} stack_counts SEC(".maps");

SEC("kprobe/schedule")
int profile_schedule(void *ctx)
{
	__u64 one = 1, *cnt;
	long id;
	__u32 key;

	id = bpf_get_stackid(ctx, &stack_traces, 0);
	if (id < 0)
		return 0;
	key = id;
	cnt = bpf_map_lookup_elem(&stack_counts, &key);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	else
		bpf_map_update_elem(&stack_counts, &key, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL and additional rights";
