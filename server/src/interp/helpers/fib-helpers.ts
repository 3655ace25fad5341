/**
 * bpf_fib_lookup against the routing table of the run configuration
 * (longest-prefix match over IPv4 or IPv6 routes), writing the results into
 * struct bpf_fib_lookup as the kernel does, and bpf_check_mtu.
 */
import { EINVAL } from '../maps/index.ts';
import { readBytes, writeBytes } from '../memory/region.ts';
import type { Route, RunEnv } from './env.ts';
import { err, ptrArg, register, u32, u64 } from './registry.ts';

const AF_INET = 2;
const AF_INET6 = 10;
const RET = { SUCCESS: 0, BLACKHOLE: 1, UNREACHABLE: 2, PROHIBIT: 3, NOT_FWDED: 4, FWD_DISABLED: 5, UNSUPP_LWT: 6, NO_NEIGH: 7, FRAG_NEEDED: 8 };
const FLAGS_ALLOWED = 0x3fn; // DIRECT | OUTPUT | SKIP_NEIGH | TBID | SRC | MARK
const SKIP_NEIGH = 4n;
const STRUCT_SIZE = 64;

export function parseIp(s: string): Uint8Array | undefined {
  if (s.includes(':')) {
    const [head, tail] = s.split('::');
    const parse = (part: string): number[] => (part ? part.split(':').map((w) => parseInt(w, 16)) : []);
    const h = parse(head);
    const t = tail !== undefined ? parse(tail) : [];
    if (tail === undefined && h.length !== 8) return undefined;
    const words = [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
    if (words.length !== 8 || words.some((w) => !(w >= 0 && w <= 0xffff))) return undefined;
    const out = new Uint8Array(16);
    words.forEach((w, i) => {
      out[i * 2] = w >> 8;
      out[i * 2 + 1] = w & 0xff;
    });
    return out;
  }
  const parts = s.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255))) return undefined;
  return new Uint8Array(parts);
}

export function parseMac(s: string | undefined): Uint8Array | undefined {
  if (!s) return undefined;
  const parts = s.split(/[:-]/).map((x) => parseInt(x, 16));
  return parts.length === 6 && parts.every((p) => p >= 0 && p <= 255) ? new Uint8Array(parts) : undefined;
}

function matches(addr: Uint8Array, net: Uint8Array, bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const m = 0x80 >> (i & 7);
    if ((addr[i >> 3] & m) !== (net[i >> 3] & m)) return false;
  }
  return true;
}

export function bestRoute(routes: Route[], dst: Uint8Array): Route | undefined {
  let best: { r: Route; bits: number } | undefined;
  for (const r of routes) {
    const [net, len] = r.prefix.split('/');
    const a = parseIp(net);
    if (!a || a.length !== dst.length) continue;
    const bits = len === undefined ? a.length * 8 : Number(len);
    if (matches(dst, a, bits) && (!best || bits > best.bits)) best = { r, bits };
  }
  return best?.r;
}

register('bpf_fib_lookup', (env: RunEnv, args, call) => {
  const p = ptrArg(args[1], 'params', call);
  const plen = u32(args[2]);
  const flags = u64(args[3]);
  if (plen < STRUCT_SIZE) return err(EINVAL);
  if (flags & ~FLAGS_ALLOWED) return err(EINVAL);
  const b = readBytes(p, STRUCT_SIZE);
  const dv = new DataView(b.buffer);
  const family = b[0];
  let dst: Uint8Array;
  if (family === AF_INET) dst = b.slice(32, 36);
  else if (family === AF_INET6) dst = b.slice(32, 48);
  else return err(22 + 75); // -EAFNOSUPPORT (97)
  const dev = env.interfaces.find((i) => i.ifindex === dv.getUint32(8, true));
  if (!dev) return err(19); // -ENODEV
  if (!dev.forwarding) return BigInt(RET.FWD_DISABLED);
  const route = bestRoute(env.routes, dst);
  if (!route) return BigInt(RET.NOT_FWDED);
  if (route.type === 'blackhole') return BigInt(RET.BLACKHOLE);
  if (route.type === 'unreachable') return BigInt(RET.UNREACHABLE);
  if (route.type === 'prohibit') return BigInt(RET.PROHIBIT);
  const mtu = route.mtu ?? env.interfaces.find((i) => i.ifindex === route.ifindex)?.mtu ?? 1500;
  const totLen = dv.getUint16(6, true);
  if (totLen && totLen > mtu) {
    dv.setUint16(6, mtu, true);
    writeBytes(p, b);
    return BigInt(RET.FRAG_NEEDED);
  }
  dv.setUint32(8, route.ifindex, true);
  dv.setUint16(6, mtu, true); // mtu_result
  // h_vlan_proto / h_vlan_TCI cleared
  dv.setUint32(48, 0, true);
  const smac = parseMac(route.smac);
  const dmac = parseMac(route.dmac);
  if (!dmac && !(flags & SKIP_NEIGH)) {
    writeBytes(p, b);
    return BigInt(RET.NO_NEIGH);
  }
  if (smac) b.set(smac, 52);
  if (dmac) b.set(dmac, 58);
  writeBytes(p, b);
  return BigInt(RET.SUCCESS);
});

register('bpf_check_mtu', (env, args, call) => {
  const ifindex = u32(args[1]);
  const mtuPtr = ptrArg(args[2], 'mtu_len', call);
  const lenDiff = Number(BigInt.asIntN(32, u64(args[3])));
  const flags = u64(args[4]);
  if (flags & ~1n) return err(EINVAL);
  const dev = ifindex === 0 ? env.interfaces[0] : env.interfaces.find((i) => i.ifindex === ifindex);
  if (!dev) return err(19); // -ENODEV
  const mtu = dev.mtu ?? 1500;
  const given = new DataView(readBytes(mtuPtr, 4).buffer).getUint32(0, true);
  const len = (given || env.packet.length - 14) + lenDiff;
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, mtu, true);
  writeBytes(mtuPtr, out);
  return len > mtu ? 1n : 0n; // BPF_MTU_CHK_RET_FRAG_NEEDED / SUCCESS
});
