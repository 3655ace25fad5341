// SPDX-License-Identifier: BSD-3-Clause
// Check: bpf/gpl-only-helper (BAD)
// Shape: static __always_inline helper. current_task_key() calls
// bpf_get_current_task() (GPL-only); the object is licensed "BSD" (not one of the
// GPL-compatible strings such as "Dual BSD/GPL").
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, __u64);
	__type(value, __u64);
} switches SEC(".maps");

static __always_inline __u64 current_task_key(void)
{
	return bpf_get_current_task(); // expect-error: bpf/gpl-only-helper
}

SEC("tracepoint/sched/sched_switch")
int count_switches(void *ctx)
{
	__u64 key = current_task_key();
	__u64 one = 1, *cnt;

	cnt = bpf_map_lookup_elem(&switches, &key);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	else
		bpf_map_update_elem(&switches, &key, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "BSD";
