// Check: bpf/missing-license (BAD)
// Shape: the object has no "license" section at all, so the program is loaded with an
// empty license string, which is not GPL-compatible; the GPL-only
// bpf_probe_read_kernel() call is then rejected.
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} last_arg SEC(".maps");

SEC("kprobe/vfs_write")
int trace_vfs_write(struct pt_regs *ctx)
{
	void *buf_ptr = (void *)PT_REGS_PARM2(ctx);
	__u32 key = 0;
	__u64 v = 0;

	bpf_probe_read_kernel(&v, sizeof(v), buf_ptr); // expect-error: bpf/missing-license
	bpf_map_update_elem(&last_arg, &key, &v, BPF_ANY);
	return 0;
}
