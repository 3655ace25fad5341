/**
 * linux/bpf.h: the context structs laid out from the helper database
 * (`contextStructs`, taken from the kernel's header), the constants with the
 * database's values, and the other UAPI structs helpers take.
 */
import { helperIndex } from '../../helpers/database.ts';
import type { ConstantEntry, ContextStruct } from '../../helpers/schema.ts';
import { compareText } from '../../syntax/strings.ts';

/** A C literal for a constant's value (64-bit values get a suffix). */
export function cLiteral(value: number | string): string {
  const v = BigInt(value);
  if (v < 0n) return `(${v})`;
  if (v > 0x7fffffffn && v <= 0xffffffffn) return `0x${v.toString(16)}U`;
  if (v > 0xffffffffn) return `0x${v.toString(16)}ULL`;
  return String(v);
}

function structFromDb(s: ContextStruct): string {
  const lines: string[] = [];
  const fields = [...s.fields].sort((a, b) => a.offset - b.offset);
  for (let i = 0; i < fields.length; ) {
    const group = fields.filter((f) => f.offset === fields[i].offset);
    const decl = (f: (typeof fields)[number]): string => {
      const t = f.type.trim();
      const arr = f.count !== undefined ? `[${f.count}]` : '';
      return t.endsWith('*') ? `\t${t}${f.name}${arr};` : `\t${t} ${f.name}${arr};`;
    };
    if (group.length === 1) lines.push(decl(group[0]));
    else lines.push(`\tunion {\n${group.map((f) => '\t' + decl(f)).join('\n')}\n\t};`);
    i += group.length;
  }
  return `${s.name} {\n${lines.join('\n')}\n};`;
}

function enumBlock(tag: string | null, entries: ConstantEntry[]): string {
  const sorted = [...entries].sort((a, b) => (BigInt(a.value) < BigInt(b.value) ? -1 : BigInt(a.value) > BigInt(b.value) ? 1 : compareText(a.name, b.name)));
  return `enum${tag ? ' ' + tag : ''} {\n${sorted.map((c) => `\t${c.name} = ${cLiteral(c.value)},`).join('\n')}\n};`;
}

/** Constants that belong in linux/bpf.h (the others live in their own headers). */
function bpfConstants(): ConstantEntry[] {
  return helperIndex().constants.filter((c) => ['map-update-flag', 'helper-flag', 'xdp-action', 'sk-action', 'map-type', 'prog-type', 'attach-type'].includes(c.group) || /^BTF_F_/.test(c.name));
}

let cached: string | undefined;

export function linuxBpfH(): string {
  if (cached) return cached;
  const db = helperIndex();
  const parts: string[] = ['#ifndef _BPFLS_LINUX_BPF_H', '#define _BPFLS_LINUX_BPF_H', '#include <linux/types.h>', '#include <linux/bpf_common.h>'];
  // enums by tag; anonymous constants one per enum (each gets its own type, as in clang)
  const byTag = new Map<string, ConstantEntry[]>();
  const defines: ConstantEntry[] = [];
  for (const c of bpfConstants()) {
    if (c.enum && c.enum !== '(anonymous)') {
      const list = byTag.get(c.enum) ?? [];
      list.push(c);
      byTag.set(c.enum, list);
    } else if (c.enum === '(anonymous)') parts.push(enumBlock(null, [c]));
    else defines.push(c);
  }
  for (const [tag, list] of byTag) parts.push(enumBlock(tag, list));
  for (const c of defines) parts.push(`#define ${c.name} ${cLiteral(c.value)}`);
  // helper ids
  const funcs = [...db.helpers].sort((a, b) => a.id - b.id);
  parts.push(`enum bpf_func_id {\n\tBPF_FUNC_unspec = 0,\n${funcs.map((h) => `\tBPF_FUNC_${h.name.replace(/^bpf_/, '')} = ${h.id},`).join('\n')}\n\t__BPF_FUNC_MAX_ID\n};`);
  parts.push('struct bpf_flow_keys;', 'struct bpf_sock;');
  for (const name of ['struct xdp_md', 'struct __sk_buff', 'struct bpf_sock', 'struct bpf_sock_addr', 'struct sk_msg_md', 'struct bpf_sock_ops', 'struct sk_reuseport_md', 'struct bpf_sk_lookup', 'struct bpf_sysctl', 'struct bpf_sockopt', 'struct bpf_cgroup_dev_ctx']) {
    const s = db.contextStruct(name);
    if (s) parts.push(structFromDb(s));
  }
  parts.push(OTHER_BPF_STRUCTS);
  parts.push('#endif', '');
  cached = parts.join('\n');
  return cached;
}

/** UAPI structs from linux/bpf.h that helpers take (layouts as in the kernel header). */
const OTHER_BPF_STRUCTS = `struct bpf_raw_tracepoint_args {
	__u64 args[0];
};
struct bpf_tunnel_key {
	__u32 tunnel_id;
	union {
		__u32 remote_ipv4;
		__u32 remote_ipv6[4];
	};
	__u8 tunnel_tos;
	__u8 tunnel_ttl;
	union {
		__u16 tunnel_ext;
		__be16 tunnel_flags;
	};
	__u32 tunnel_label;
	union {
		__u32 local_ipv4;
		__u32 local_ipv6[4];
	};
};
struct bpf_xfrm_state {
	__u32 reqid;
	__u32 spi;
	__u16 family;
	__u16 ext;
	union {
		__u32 remote_ipv4;
		__u32 remote_ipv6[4];
	};
};
struct bpf_sock_tuple {
	union {
		struct {
			__be32 saddr;
			__be32 daddr;
			__be16 sport;
			__be16 dport;
		} ipv4;
		struct {
			__be32 saddr[4];
			__be32 daddr[4];
			__be16 sport;
			__be16 dport;
		} ipv6;
	};
};
struct bpf_tcp_sock {
	__u32 snd_cwnd;
	__u32 srtt_us;
	__u32 rtt_min;
	__u32 snd_ssthresh;
	__u32 rcv_nxt;
	__u32 snd_nxt;
	__u32 snd_una;
	__u32 mss_cache;
	__u32 ecn_flags;
	__u32 rate_delivered;
	__u32 rate_interval_us;
	__u32 packets_out;
	__u32 retrans_out;
	__u32 total_retrans;
	__u32 segs_in;
	__u32 data_segs_in;
	__u32 segs_out;
	__u32 data_segs_out;
	__u32 lost_out;
	__u32 sacked_out;
	__u64 bytes_received;
	__u64 bytes_acked;
	__u32 dsack_dups;
	__u32 delivered;
	__u32 delivered_ce;
	__u32 icsk_retransmits;
};
struct bpf_perf_event_value {
	__u64 counter;
	__u64 enabled;
	__u64 running;
};
struct bpf_spin_lock {
	__u32 val;
};
struct bpf_timer {
	__u64 __opaque[2];
} __attribute__((aligned(8)));
struct bpf_dynptr {
	__u64 __opaque[2];
} __attribute__((aligned(8)));
struct bpf_list_head {
	__u64 __opaque[2];
} __attribute__((aligned(8)));
struct bpf_list_node {
	__u64 __opaque[3];
} __attribute__((aligned(8)));
struct bpf_rb_root {
	__u64 __opaque[2];
} __attribute__((aligned(8)));
struct bpf_rb_node {
	__u64 __opaque[4];
} __attribute__((aligned(8)));
struct bpf_refcount {
	__u32 __opaque[1];
} __attribute__((aligned(4)));
struct bpf_pidns_info {
	__u32 pid;
	__u32 tgid;
};
struct bpf_fib_lookup {
	__u8 family;
	__u8 l4_protocol;
	__be16 sport;
	__be16 dport;
	union {
		__u16 tot_len;
		__u16 mtu_result;
	} __attribute__((packed, aligned(2)));
	__u32 ifindex;
	union {
		__u8 tos;
		__be32 flowinfo;
		__u32 rt_metric;
	};
	union {
		__be32 ipv4_src;
		__u32 ipv6_src[4];
	};
	union {
		__be32 ipv4_dst;
		__u32 ipv6_dst[4];
	};
	union {
		struct {
			__be16 h_vlan_proto;
			__be16 h_vlan_TCI;
		};
		__u32 tbid;
	};
	union {
		struct {
			__u32 mark;
		};
		struct {
			__u8 smac[6];
			__u8 dmac[6];
		};
	};
};
struct bpf_redir_neigh {
	__u32 nh_family;
	union {
		__be32 ipv4_nh;
		__u32 ipv6_nh[4];
	};
};
struct bpf_flow_keys {
	__u16 nhoff;
	__u16 thoff;
	__u16 addr_proto;
	__u8 is_frag;
	__u8 is_first_frag;
	__u8 is_encap;
	__u8 ip_proto;
	__be16 n_proto;
	__be16 sport;
	__be16 dport;
	union {
		struct {
			__be32 ipv4_src;
			__be32 ipv4_dst;
		};
		struct {
			__u32 ipv6_src[4];
			__u32 ipv6_dst[4];
		};
	};
	__u32 flags;
	__be32 flow_label;
};
struct bpf_map_info;
struct bpf_prog_info;
struct bpf_link_info;
struct bpf_btf_info;`;

export const BPF_COMMON_H = `#ifndef _BPFLS_LINUX_BPF_COMMON_H
#define _BPFLS_LINUX_BPF_COMMON_H
#define BPF_CLASS(code) ((code) & 0x07)
#define BPF_LD 0x00
#define BPF_LDX 0x01
#define BPF_ST 0x02
#define BPF_STX 0x03
#define BPF_ALU 0x04
#define BPF_JMP 0x05
#define BPF_RET 0x06
#define BPF_MISC 0x07
#define BPF_SIZE(code) ((code) & 0x18)
#define BPF_W 0x00
#define BPF_H 0x08
#define BPF_B 0x10
#define BPF_MODE(code) ((code) & 0xe0)
#define BPF_IMM 0x00
#define BPF_ABS 0x20
#define BPF_IND 0x40
#define BPF_MEM 0x60
#define BPF_LEN 0x80
#define BPF_MSH 0xa0
#define BPF_OP(code) ((code) & 0xf0)
#define BPF_ADD 0x00
#define BPF_SUB 0x10
#define BPF_MUL 0x20
#define BPF_DIV 0x30
#define BPF_OR 0x40
#define BPF_AND 0x50
#define BPF_LSH 0x60
#define BPF_RSH 0x70
#define BPF_NEG 0x80
#define BPF_MOD 0x90
#define BPF_XOR 0xa0
#define BPF_JA 0x00
#define BPF_JEQ 0x10
#define BPF_JGT 0x20
#define BPF_JGE 0x30
#define BPF_JSET 0x40
#define BPF_SRC(code) ((code) & 0x08)
#define BPF_K 0x00
#define BPF_X 0x08
#define BPF_MAXINSNS 4096
#endif
`;
