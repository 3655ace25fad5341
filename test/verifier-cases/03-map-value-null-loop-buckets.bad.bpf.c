// SPDX-License-Identifier: GPL-2.0
// Check: bpf/map-value-null (BAD)
// Shape: loop. A kprobe sums the first few histogram buckets of a hash map; the value
// of each lookup in the loop is read without a NULL check.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define NBUCKETS 8

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} hist SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} low_total SEC(".maps");

SEC("kprobe/do_nanosleep")
int sum_low_buckets(void *ctx)
{
	__u64 sum = 0;
	__u32 i, zero = 0;

	for (i = 0; i < NBUCKETS; i++) {
		__u32 key = i;
		__u64 *slot = bpf_map_lookup_elem(&hist, &key);

		sum += *slot; // expect-error: bpf/map-value-null
	}
	bpf_map_update_elem(&low_total, &zero, &sum, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
