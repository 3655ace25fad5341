// Check: bpf/missing-license (BAD)
// Shape: a quick XDP debugging hack without `char LICENSE[] SEC("license")`. The
// program is loaded with an empty license, so the GPL-only bpf_trace_printk() behind
// bpf_printk() is rejected.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("xdp")
int xdp_log_proto(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	bpf_printk("ethertype 0x%04x", bpf_ntohs(eth->h_proto)); // expect-error: bpf/missing-license
	return XDP_PASS;
}
