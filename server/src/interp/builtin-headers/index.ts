/**
 * The headers `#include <...>` resolves to. Written for bpfls with the Linux
 * ABI layouts; constants the helper database knows come from it.
 */
import { helperIndex } from '../../helpers/database.ts';
import { BPF_CORE_READ_H, BPF_ENDIAN_H, BPF_HELPERS_H, BPF_TRACING_H, bpfHelperDefsH } from './libbpf.ts';
import { BPF_COMMON_H, cLiteral, linuxBpfH } from './uapi-bpf.ts';
import { ICMP_H, ICMPV6_H, IN_H, IN6_H, IP_H, IPV6_H, PKT_CLS_H, TCP_H, UDP_H } from './uapi-net.ts';
import { IF_ARP_H, IF_ETHER_H, IF_H, IF_PACKET_H, IF_VLAN_H } from './uapi-link.ts';
import { ERRNO_H, LIMITS_H, LINUX_TYPES_H, SOCKET_H, STDBOOL_H, STDDEF_H, STDINT_H } from './uapi-types.ts';
import { VMLINUX_H } from './vmlinux.ts';

function defines(filter: (name: string, group: string) => boolean): string {
  return helperIndex()
    .constants.filter((c) => filter(c.name, c.group))
    .map((c) => `#define ${c.name} ${cLiteral(c.value)}`)
    .join('\n');
}

const EMPTY = (name: string): string => `/* ${name}: nothing a BPF program needs */\n`;

const HEADERS: Record<string, () => string> = {
  'linux/types.h': () => LINUX_TYPES_H,
  'asm/types.h': () => LINUX_TYPES_H,
  'asm-generic/int-ll64.h': () => LINUX_TYPES_H,
  'linux/stddef.h': () => STDDEF_H,
  'stddef.h': () => STDDEF_H,
  'stdint.h': () => STDINT_H,
  'stdbool.h': () => STDBOOL_H,
  'limits.h': () => LIMITS_H,
  'linux/limits.h': () => LIMITS_H,
  'linux/errno.h': () => ERRNO_H,
  'asm-generic/errno.h': () => ERRNO_H,
  'asm-generic/errno-base.h': () => ERRNO_H,
  'errno.h': () => ERRNO_H,
  'linux/socket.h': () => SOCKET_H,
  'sys/socket.h': () => SOCKET_H,
  'linux/bpf.h': linuxBpfH,
  'uapi/linux/bpf.h': linuxBpfH,
  'linux/bpf_common.h': () => BPF_COMMON_H,
  'linux/if_ether.h': () => IF_ETHER_H(defines((n, g) => g === 'other' && n.startsWith('ETH_P_'))),
  'net/ethernet.h': () => IF_ETHER_H(defines((n, g) => g === 'other' && n.startsWith('ETH_P_'))),
  'linux/if_vlan.h': () => IF_VLAN_H,
  'linux/if_arp.h': () => IF_ARP_H,
  'net/if_arp.h': () => IF_ARP_H,
  'linux/in.h': () => IN_H(String(helperIndex().constant('IPPROTO_IP')?.value ?? 0)),
  'netinet/in.h': () => IN_H(String(helperIndex().constant('IPPROTO_IP')?.value ?? 0)) + IN6_H,
  'linux/in6.h': () => IN6_H,
  'linux/ip.h': () => IP_H,
  'netinet/ip.h': () => IP_H,
  'linux/ipv6.h': () => IPV6_H,
  'linux/tcp.h': () => TCP_H,
  'netinet/tcp.h': () => TCP_H,
  'linux/udp.h': () => UDP_H,
  'netinet/udp.h': () => UDP_H,
  'linux/icmp.h': () => ICMP_H,
  'linux/icmpv6.h': () => ICMPV6_H,
  'linux/pkt_cls.h': () => PKT_CLS_H(defines((_, g) => g === 'tc-action')),
  'linux/if_packet.h': () => IF_PACKET_H,
  'linux/if.h': () => IF_H,
  'net/if.h': () => IF_H,
  'linux/netfilter.h': () => `#ifndef _BPFLS_NETFILTER_H\n#define _BPFLS_NETFILTER_H\n${defines((n) => n.startsWith('NF_'))}\n#endif\n`,
  'linux/seg6_local.h': () => `#ifndef _BPFLS_SEG6_LOCAL_H\n#define _BPFLS_SEG6_LOCAL_H\n${defines((n) => n.startsWith('SEG6_LOCAL_'))}\n#endif\n`,
  'bpf/bpf_helpers.h': () => BPF_HELPERS_H,
  'bpf_helpers.h': () => BPF_HELPERS_H,
  'bpf/bpf_helper_defs.h': bpfHelperDefsH,
  'bpf_helper_defs.h': bpfHelperDefsH,
  'bpf/bpf_endian.h': () => BPF_ENDIAN_H,
  'bpf_endian.h': () => BPF_ENDIAN_H,
  'bpf/bpf_core_read.h': () => BPF_CORE_READ_H,
  'bpf/bpf_tracing.h': () => BPF_TRACING_H,
  'vmlinux.h': () => VMLINUX_H,
  'linux/compiler.h': () => EMPTY('linux/compiler.h'),
  'linux/version.h': () => '#define LINUX_VERSION_CODE 397824\n#define KERNEL_VERSION(a,b,c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))\n',
  'linux/ptrace.h': () => EMPTY('linux/ptrace.h'),
  'linux/string.h': () => EMPTY('linux/string.h'),
  'string.h': () => EMPTY('string.h'),
  'linux/swab.h': () => EMPTY('linux/swab.h'),
  'asm/byteorder.h': () => EMPTY('asm/byteorder.h'),
  'linux/byteorder/little_endian.h': () => EMPTY('linux/byteorder/little_endian.h'),
  'endian.h': () => EMPTY('endian.h'),
  'arpa/inet.h': () => EMPTY('arpa/inet.h'),
};

const cache = new Map<string, string>();

/** The text of a built-in header, or undefined when we do not have it. */
export function builtinHeader(name: string): string | undefined {
  const key = name.trim();
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const make = HEADERS[key];
  if (!make) return undefined;
  const text = make();
  cache.set(key, text);
  return text;
}

export function builtinHeaderNames(): string[] {
  return Object.keys(HEADERS);
}
