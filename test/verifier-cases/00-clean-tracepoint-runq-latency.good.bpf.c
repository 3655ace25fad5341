// SPDX-License-Identifier: GPL-2.0
// Check: none (clean GOOD program, guards against false positives)
// Shape: a runqlat-style histogram: sched_wakeup stores a timestamp per pid,
// sched_switch computes the delay and bumps a log2 bucket in an array map. The bucket
// index is clamped before the lookup, the loop computing log2 is bounded, and the
// tracepoint context is read through a hand-written struct.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define MAX_SLOTS 26

struct trace_entry_hdr {
	__u16 type;
	__u8 flags;
	__u8 preempt_count;
	__s32 pid;
};

struct sched_wakeup_args {
	struct trace_entry_hdr ent;
	char comm[16];
	__s32 pid;
	__s32 prio;
	__s32 target_cpu;
};

struct sched_switch_args {
	struct trace_entry_hdr ent;
	char prev_comm[16];
	__s32 prev_pid;
	__s32 prev_prio;
	__s64 prev_state;
	char next_comm[16];
	__s32 next_pid;
	__s32 next_prio;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} wakeup_ts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAX_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} hist SEC(".maps");

static __always_inline __u32 log2_u64(__u64 v)
{
	__u32 r = 0;
	int i;

	for (i = 0; i < 64 && v > 1; i++) {
		v >>= 1;
		r++;
	}
	return r;
}

SEC("tracepoint/sched/sched_wakeup")
int on_wakeup(struct sched_wakeup_args *ctx)
{
	__u32 pid = ctx->pid;
	__u64 ts = bpf_ktime_get_ns();

	bpf_map_update_elem(&wakeup_ts, &pid, &ts, BPF_ANY);
	return 0;
}

SEC("tracepoint/sched/sched_switch")
int on_switch(struct sched_switch_args *ctx)
{
	__u32 pid = ctx->next_pid;
	__u64 *tsp, delta_us, *slot;
	__u32 bucket;

	tsp = bpf_map_lookup_elem(&wakeup_ts, &pid);
	if (!tsp)
		return 0;
	delta_us = (bpf_ktime_get_ns() - *tsp) / 1000;
	bpf_map_delete_elem(&wakeup_ts, &pid);

	bucket = log2_u64(delta_us);
	if (bucket >= MAX_SLOTS)
		bucket = MAX_SLOTS - 1;
	slot = bpf_map_lookup_elem(&hist, &bucket);
	if (slot)
		__sync_fetch_and_add(slot, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
