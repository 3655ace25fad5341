/**
 * XDP packet helpers with net/core/filter.c's limits for the test-run frame:
 * 256 bytes of headroom of which sizeof(struct xdp_frame) (40) stays
 * reserved, a 4096-byte frame whose last 320 bytes hold skb_shared_info.
 */
import { EACCES, EFAULT, EINVAL } from '../maps/index.ts';
import { readBytes, writeBytes } from '../memory/region.ts';
import { Fault } from '../evaluator/fault.ts';
import type { RunEnv } from './env.ts';
import { err, i32, ptrArg, register, u32, type HelperCall } from './registry.ts';

const ETH_HLEN = 14;

function xdpOnly(env: RunEnv, call: HelperCall): void {
  if (env.progType !== 'xdp') throw new Fault(`${call.name} is only available to XDP programs`, 'program');
}

register('bpf_xdp_adjust_head', (env, args, call) => {
  xdpOnly(env, call);
  const p = env.packet;
  const delta = i32(args[1]);
  const metalen = p.data - p.meta;
  const data = p.data + delta;
  if (data < p.hardStart + metalen || data > p.end - ETH_HLEN) return err(EINVAL);
  if (metalen) p.buf.copyWithin(p.meta + delta, p.meta, p.data);
  p.meta += delta;
  p.data = data;
  p.sync();
  return 0n;
});

register('bpf_xdp_adjust_meta', (env, args, call) => {
  xdpOnly(env, call);
  const p = env.packet;
  const delta = i32(args[1]);
  const meta = p.meta + delta;
  if (meta < p.hardStart || meta > p.data) return err(EINVAL);
  const metalen = p.data - meta;
  if (metalen & 3 || metalen > 32) return err(EACCES);
  p.meta = meta;
  p.sync();
  return 0n;
});

register('bpf_xdp_adjust_tail', (env, args, call) => {
  xdpOnly(env, call);
  const p = env.packet;
  const delta = i32(args[1]);
  const end = p.end + delta;
  const hardEnd = p.hardEnd ?? p.buf.length;
  if (end > hardEnd) return err(EINVAL);
  if (end < p.data + ETH_HLEN) return err(EINVAL);
  if (delta > 0) p.buf.fill(0, p.end, end);
  p.end = end;
  p.sync();
  return 0n;
});

function span(env: RunEnv, off: number, len: number): number | bigint {
  if (off > 0xffff || len > 0xffff) return err(EFAULT);
  if (off + len > env.packet.length) return err(EINVAL);
  return env.packet.data + off;
}

register('bpf_xdp_load_bytes', (env, args, call) => {
  xdpOnly(env, call);
  const len = u32(args[3]);
  const at = span(env, u32(args[1]), len);
  if (typeof at === 'bigint') return at;
  writeBytes(ptrArg(args[2], 'buf', call), env.packet.buf.slice(at, at + len));
  return 0n;
});

register('bpf_xdp_store_bytes', (env, args, call) => {
  xdpOnly(env, call);
  const len = u32(args[3]);
  const at = span(env, u32(args[1]), len);
  if (typeof at === 'bigint') return at;
  env.packet.buf.set(readBytes(ptrArg(args[2], 'buf', call), len), at);
  return 0n;
});

register('bpf_xdp_get_buff_len', (env) => BigInt(env.packet.length));
