/**
 * Redirects and tail calls. XDP and TC have different bpf_redirect
 * implementations (bpf_xdp_redirect returns XDP_REDIRECT or XDP_ABORTED; the
 * TC one TC_ACT_REDIRECT or TC_ACT_SHOT); bpf_redirect_map looks the target
 * up and returns the low flag bits when it is missing.
 */
import { EINVAL, TargetMap, ProgArrayMap } from '../maps/index.ts';
import { Fault } from '../evaluator/fault.ts';
import type { RunEnv } from './env.ts';
import { err, mapArg, register, TailCall, u32, u64 } from './registry.ts';

const XDP_ABORTED = 0n;
const XDP_REDIRECT = 4n;
const TC_ACT_SHOT = 2n;
const TC_ACT_REDIRECT = 7n;
const BPF_F_INGRESS = 1n;
const BPF_F_BROADCAST = 8n;
const BPF_F_EXCLUDE_INGRESS = 16n;
/** MAX_TAIL_CALL_CNT */
export const MAX_TAIL_CALLS = 33;

register('bpf_redirect', (env, args) => {
  const ifindex = u32(args[0]);
  const flags = u64(args[1]);
  if (env.progType === 'xdp') {
    if (flags) return XDP_ABORTED;
    env.redirect = { kind: 'ifindex', ifindex, flags: 0 };
    return XDP_REDIRECT;
  }
  if (flags & ~BPF_F_INGRESS) return TC_ACT_SHOT;
  env.redirect = { kind: 'ifindex', ifindex, flags: Number(flags) };
  return TC_ACT_REDIRECT;
});

register('bpf_redirect_map', (env, args, call) => {
  const m = mapArg(env, args[0], call);
  const key = u32(args[1]);
  const flags = u64(args[2]);
  const actionMask = 3n; // XDP_ABORTED | XDP_DROP | XDP_PASS | XDP_TX
  const flagMask = m.def.typeName === 'BPF_MAP_TYPE_XSKMAP' ? 0n : BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS;
  if (flags & ~(actionMask | flagMask)) return XDP_ABORTED;
  if (!(m instanceof TargetMap)) throw new Fault(`bpf_redirect_map needs a devmap, cpumap or xskmap; "${m.def.name}" is a ${m.def.typeName}`, 'program');
  const k = new Uint8Array([key & 0xff, (key >> 8) & 0xff, (key >> 16) & 0xff, (key >>> 24) & 0xff]);
  const target = m.lookup(k);
  if (!target && !(flags & BPF_F_BROADCAST)) {
    env.redirect = null;
    return flags & actionMask;
  }
  env.redirect = { kind: 'map', map: m.def.name, key, flags: Number(flags & BPF_F_BROADCAST ? flags : 0n) };
  return XDP_REDIRECT;
});

register('bpf_redirect_peer', (env, args) => {
  if (u64(args[1]) !== 0n) return TC_ACT_SHOT;
  env.redirect = { kind: 'ifindex', ifindex: u32(args[0]), flags: 0 };
  return TC_ACT_REDIRECT;
});

register('bpf_redirect_neigh', (env, args) => {
  const plen = u32(args[2]);
  if ((plen && plen < 20) || u64(args[3]) !== 0n) return TC_ACT_SHOT;
  env.redirect = { kind: 'ifindex', ifindex: u32(args[0]), flags: 0 };
  return TC_ACT_REDIRECT;
});

register('bpf_clone_redirect', (env, args) => {
  const ifindex = u32(args[1]);
  const flags = u64(args[2]);
  if (flags & ~BPF_F_INGRESS) return err(EINVAL);
  if (!env.interfaces.some((i) => i.ifindex === ifindex)) return err(EINVAL);
  env.clones.push({ ifindex, flags: Number(flags), packet: env.packet.bytes() });
  return 0n;
});

register('bpf_tail_call', (env: RunEnv, args, call) => {
  const m = mapArg(env, args[1], call);
  if (!(m instanceof ProgArrayMap)) throw new Fault(`bpf_tail_call needs a BPF_MAP_TYPE_PROG_ARRAY; "${m.def.name}" is a ${m.def.typeName}`, 'program');
  const index = u32(args[2]);
  if (index >= m.def.maxEntries) return err(EINVAL);
  if (env.tailCalls >= MAX_TAIL_CALLS) return err(EINVAL);
  const target = m.target(index);
  if (!target) return err(EINVAL);
  if (!env.hasFunction(target)) throw new Fault(`bpf_tail_call: slot ${index} of "${m.def.name}" names "${target}", which is not a function of this program`, 'program');
  env.tailCalls++;
  throw new TailCall(target);
});
