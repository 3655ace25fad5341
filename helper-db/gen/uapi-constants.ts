/**
 * The constants table: BPF_F_* and friends from sources/flags.json, plus the enums
 * that name map types, program types, attach types and program return codes. When
 * the kernel UAPI headers are installed they are read and the snapshot
 * `sources/uapi-enums.json` is refreshed; otherwise the snapshot is used, so the
 * repository needs no headers.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractConstants } from './c-enums.ts';
import { extractStruct, type CStruct } from './c-structs.ts';
import { HELPER_DB_DIR } from './doc-files.ts';

export interface EnumConstant {
  name: string;
  value: string;
  enum: string | null;
  header: string;
}

const SNAPSHOT = join(HELPER_DB_DIR, 'sources', 'uapi-enums.json');

/** Which header constants we keep, by enum tag or name pattern. */
const WANTED: { header: string; keep: (name: string, tag: string | null) => boolean }[] = [
  {
    header: 'linux/bpf.h',
    keep: (n, tag) =>
      tag === 'bpf_map_type' ||
      tag === 'bpf_prog_type' ||
      tag === 'bpf_attach_type' ||
      tag === 'xdp_action' ||
      tag === 'sk_action' ||
      tag === 'bpf_ret_code' ||
      /^BPF_(ANY|NOEXIST|EXIST)$/.test(n),
  },
  { header: 'linux/pkt_cls.h', keep: (n) => /^TC_ACT_[A-Z_]+$/.test(n) && !n.startsWith('TC_ACT_EXT') },
  { header: 'linux/if_ether.h', keep: (n) => /^ETH_P_(IP|IPV6|ARP|8021Q|8021AD|ALL)$/.test(n) },
  { header: 'linux/netfilter.h', keep: (n) => /^NF_(DROP|ACCEPT)$/.test(n) },
  { header: 'linux/seg6_local.h', keep: (n) => /^SEG6_LOCAL_ACTION_/.test(n) },
  { header: 'linux/in.h', keep: (n) => /^IPPROTO_(IP|ICMP|TCP|UDP|IPV6|ICMPV6|GRE|IPIP|SCTP|RAW)$/.test(n) },
];

/** Context structs that programs receive, as laid out in linux/bpf.h. */
const CONTEXT_STRUCTS = [
  'xdp_md',
  '__sk_buff',
  'bpf_sock_addr',
  'sk_msg_md',
  'bpf_sock_ops',
  'bpf_sock',
  'sk_reuseport_md',
  'bpf_sk_lookup',
  'bpf_sysctl',
  'bpf_sockopt',
  'bpf_cgroup_dev_ctx',
  'bpf_raw_tracepoint_args',
];

export function readUapiEnums(): { constants: EnumConstant[]; structs: CStruct[]; fromHeaders: string[] } {
  const found: EnumConstant[] = [];
  const fromHeaders: string[] = [];
  for (const w of WANTED) {
    const path = join('/usr/include', w.header);
    if (!existsSync(path)) continue;
    fromHeaders.push(path);
    for (const c of extractConstants(readFileSync(path, 'utf8'))) {
      if (!w.keep(c.name, c.enumTag) || found.some((f) => f.name === c.name)) continue;
      found.push({ name: c.name, value: c.value.toString(), enum: c.enumTag, header: w.header });
    }
  }
  if (fromHeaders.length === WANTED.length) {
    const bpfH = readFileSync('/usr/include/linux/bpf.h', 'utf8');
    const structs = CONTEXT_STRUCTS.map((n) => extractStruct(bpfH, n)).filter((s): s is CStruct => s !== null);
    const snapshot = { readFrom: WANTED.map((w) => w.header), constants: found, structs };
    writeFileSync(SNAPSHOT, JSON.stringify(snapshot, null, 1) + '\n');
    return { constants: found, structs, fromHeaders };
  }
  const snap = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as { constants: EnumConstant[]; structs: CStruct[] };
  return { constants: snap.constants, structs: snap.structs, fromHeaders: [] };
}
