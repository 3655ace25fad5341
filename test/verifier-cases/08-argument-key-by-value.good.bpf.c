// SPDX-License-Identifier: GPL-2.0
// Check: bpf/argument (GOOD)
// Shape: the key is passed by pointer (&tid).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} start_ts SEC(".maps");

SEC("tracepoint/sched/sched_switch")
int on_switch(void *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 *ts;

	ts = bpf_map_lookup_elem(&start_ts, &tid);
	if (ts)
		*ts = bpf_ktime_get_ns();
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
