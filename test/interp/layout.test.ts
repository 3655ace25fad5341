/** Type layouts: the built-in headers agree with the helper database's context structs and the UAPI sizes. */
import { describe, expect, it } from 'vitest';
import { helperIndex } from '../../server/src/helpers/database.ts';
import { prepareProgram } from '../../server/src/interp/run.ts';
import { findField, isRecord, sizeOf } from '../../server/src/interp/types/ctypes.ts';

async function scope(src: string) {
  const p = await prepareProgram(src, { path: 'layout.c' });
  expect(p.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return p.unit.compiler!.global;
}

describe('layouts', () => {
  it('context structs match the helper database (kernel layouts)', async () => {
    const g = await scope('#include <linux/bpf.h>\n');
    const db = helperIndex();
    for (const name of ['struct xdp_md', 'struct __sk_buff', 'struct bpf_sock', 'struct bpf_sock_addr', 'struct sk_msg_md', 'struct bpf_sock_ops', 'struct sk_reuseport_md', 'struct bpf_sk_lookup', 'struct bpf_sysctl', 'struct bpf_sockopt']) {
      const t = g.lookupTag(name);
      const ref = db.contextStruct(name)!;
      expect(t && isRecord(t), name).toBe(true);
      if (!t || !isRecord(t)) continue;
      expect(sizeOf(t), name).toBe(ref.size);
      for (const f of ref.fields) expect(findField(t, f.name)?.offset, `${name}.${f.name}`).toBe(f.offset);
    }
  });

  it('network headers have their UAPI sizes and bit-field positions', async () => {
    const g = await scope('#include <vmlinux.h>\n');
    const size = (n: string) => sizeOf(g.lookupTag(n)!);
    expect(size('struct ethhdr')).toBe(14);
    expect(size('struct vlan_hdr')).toBe(4);
    expect(size('struct iphdr')).toBe(20);
    expect(size('struct ipv6hdr')).toBe(40);
    expect(size('struct tcphdr')).toBe(20);
    expect(size('struct udphdr')).toBe(8);
    expect(size('struct icmphdr')).toBe(8);
    expect(size('struct icmp6hdr')).toBe(8);
    expect(size('struct arphdr')).toBe(8);
    expect(size('struct bpf_fib_lookup')).toBe(64);
    expect(size('struct bpf_tunnel_key')).toBe(44);
    const tcp = g.lookupTag('struct tcphdr')!;
    if (!isRecord(tcp)) throw new Error('tcphdr');
    expect(findField(tcp, 'doff')!.bitOffset).toBe(100);
    expect(findField(tcp, 'syn')!.bitOffset).toBe(105);
    const ip = g.lookupTag('struct iphdr')!;
    if (!isRecord(ip)) throw new Error('iphdr');
    expect(findField(ip, 'ihl')!.bitOffset).toBe(0);
    expect(findField(ip, 'version')!.bitOffset).toBe(4);
    expect(findField(ip, 'daddr')!.offset).toBe(16);
  });

  it('lays out user structs with padding, packing and bit-fields', async () => {
    const g = await scope(
      'struct a { char c; long l; short s; };\nstruct b { char c; int i; } __attribute__((packed));\nstruct c { unsigned a:3, b:30; char d; };\nunion u { char c[5]; int i; };\nstruct d { char c; int i __attribute__((aligned(8))); };\n#pragma pack(push, 2)\nstruct e { char c; int i; };\n#pragma pack(pop)\n',
    );
    const size = (n: string) => sizeOf(g.lookupTag(n)!);
    expect(size('struct a')).toBe(24);
    expect(size('struct b')).toBe(5);
    expect(size('struct c')).toBe(12);
    expect(size('union u')).toBe(8);
    expect(size('struct d')).toBe(16);
    expect(size('struct e')).toBe(6);
  });

  it('takes constants from the helper database', async () => {
    const g = await scope('#include <linux/bpf.h>\n#include <linux/pkt_cls.h>\n');
    const db = helperIndex();
    for (const n of ['XDP_REDIRECT', 'BPF_MAP_TYPE_LRU_HASH', 'BPF_NOEXIST', 'BPF_F_PSEUDO_HDR', 'BPF_F_CURRENT_CPU', 'BPF_FIB_LKUP_RET_FWD_DISABLED']) {
      const b = g.lookup(n);
      expect(b?.k, n).toBe('enum');
      if (b?.k === 'enum') expect(b.value, n).toBe(BigInt(db.constant(n)!.value));
    }
  });
});
