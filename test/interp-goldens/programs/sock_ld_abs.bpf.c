// SPDX-License-Identifier: GPL-2.0
// Classic-BPF-style packet loads (BPF_LD | BPF_ABS / BPF_IND) in a socket
// filter, through the LLVM intrinsics behind the old samples' load_byte /
// load_half / load_word. Offsets are from the network header; the loaded
// values are converted to host order by the instruction itself. Accepts
// IPv4 UDP to port 53 and TCP SYNs, rejects the rest.
// packets: ipv4-udp-dns ipv4-tcp-syn ipv4-tcp-data ipv4-options ipv6-udp
#include <linux/bpf.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <stddef.h>
#include <bpf/bpf_helpers.h>

unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
unsigned long long load_half(void *skb, unsigned long long off) asm("llvm.bpf.load.half");
unsigned long long load_word(void *skb, unsigned long long off) asm("llvm.bpf.load.word");

struct seen {
	__u32 version_ihl;
	__u32 tot_len;
	__u32 saddr;
	__u32 dport;
	__u32 tcp_flags;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct seen);
} last SEC(".maps");

SEC("socket")
int sock_ld_abs(struct __sk_buff *skb)
{
	struct seen s = {};
	__u32 zero = 0;

	s.version_ihl = load_byte(skb, 0);
	if ((s.version_ihl >> 4) != 4)
		return 0;
	s.tot_len = load_half(skb, offsetof(struct iphdr, tot_len));
	s.saddr = load_word(skb, offsetof(struct iphdr, saddr));
	__u32 hlen = (s.version_ihl & 0xf) * 4;
	__u32 proto = load_byte(skb, offsetof(struct iphdr, protocol));
	s.dport = load_half(skb, hlen + 2);
	if (proto == IPPROTO_TCP)
		s.tcp_flags = load_byte(skb, hlen + 13);
	bpf_map_update_elem(&last, &zero, &s, BPF_ANY);
	if (proto == IPPROTO_UDP && s.dport == 53)
		return -1;
	if (proto == IPPROTO_TCP && (s.tcp_flags & 0x12) == 0x02)
		return 96;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
