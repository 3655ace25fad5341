// SPDX-License-Identifier: GPL-2.0
// Check: bpf/argument (BAD)
// Shape: bpf_ringbuf_submit() confused with bpf_ringbuf_output(): the event is built on
// the stack and its address is "submitted". bpf_ringbuf_submit() only accepts a
// record returned by bpf_ringbuf_reserve().
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

	bpf_ringbuf_submit(&ev, 0); // expect-error: bpf/argument
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
