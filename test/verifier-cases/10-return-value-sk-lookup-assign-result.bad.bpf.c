// SPDX-License-Identifier: GPL-2.0
// Check: bpf/return-value (BAD)
// Shape: returning a helper's result directly. An sk_lookup program steering port 7007
// to a socket returns the result of bpf_sk_assign() (0 or a negative errno), but
// sk_lookup programs must return SK_PASS (1) or SK_DROP (0).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define ECHO_PORT 7007

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} echo_socket SEC(".maps");

SEC("sk_lookup")
int steer_echo(struct bpf_sk_lookup *ctx)
{
	__u32 zero = 0;
	struct bpf_sock *sk;
	long err;

	if (ctx->local_port != ECHO_PORT)
		return SK_PASS;
	sk = bpf_map_lookup_elem(&echo_socket, &zero);
	if (!sk)
		return SK_DROP;
	err = bpf_sk_assign(ctx, sk, 0);
	bpf_sk_release(sk);
	return err; // expect-error: bpf/return-value
}

char LICENSE[] SEC("license") = "GPL";
