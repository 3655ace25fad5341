// Check: bpf/gpl-only-helper (GOOD)
// Shape: the proprietary tracing agent streams its events through a BPF ring buffer
// instead; bpf_ringbuf_output() is not GPL-only, so "Proprietary" is fine.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct event {
	__u32 pid;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_execve")
int on_execve(void *ctx)
{
	struct event ev = {};

	ev.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(ev.comm, sizeof(ev.comm));
	bpf_ringbuf_output(&events, &ev, sizeof(ev), 0);
	return 0;
}

char LICENSE[] SEC("license") = "Proprietary";
