// Check: bpf/gpl-only-helper (BAD)
// Shape: kprobe reading a kernel pointer argument with bpf_probe_read_kernel() (GPL-only)
// in an object licensed "Proprietary".
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} first_word SEC(".maps");

SEC("kprobe/vfs_read")
int trace_vfs_read(struct pt_regs *ctx)
{
	void *file = (void *)PT_REGS_PARM1(ctx);
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 word = 0;

	bpf_probe_read_kernel(&word, sizeof(word), file); // expect-error: bpf/gpl-only-helper
	bpf_map_update_elem(&first_word, &pid, &word, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Proprietary";
