// Check: bpf/gpl-only-helper (BAD)
// Shape: a proprietary tracing agent streaming events through a perf event array.
// bpf_perf_event_output() is GPL-only for tracing programs.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct event {
	__u32 pid;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_execve")
int on_execve(void *ctx)
{
	struct event ev = {};

	ev.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(ev.comm, sizeof(ev.comm));
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &ev, sizeof(ev)); // expect-error: bpf/gpl-only-helper
	return 0;
}

char LICENSE[] SEC("license") = "Proprietary";
