// SPDX-License-Identifier: GPL-2.0
// Check: bpf/argument (GOOD)
// Shape: an event built on the stack is copied into the ring buffer with
// bpf_ringbuf_output().
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct event {
	__u32 pid;
	__u32 cpu;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

SEC("tracepoint/sched/sched_process_exit")
int on_exit(void *ctx)
{
	struct event ev = {
		.pid = bpf_get_current_pid_tgid() >> 32,
		.cpu = bpf_get_smp_processor_id(),
	};

	bpf_ringbuf_output(&events, &ev, sizeof(ev), 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
