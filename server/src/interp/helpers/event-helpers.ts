/**
 * Ring buffers and perf event arrays: records are captured as the run's
 * events. bpf_ringbuf_reserve hands out a record the program fills and then
 * submits (captured) or discards.
 */
import { E2BIG, EINVAL, ENOENT, RecordMap } from '../maps/index.ts';
import { Ptr, readBytes, Region } from '../memory/region.ts';
import { Fault } from '../evaluator/fault.ts';
import type { RunEnv } from './env.ts';
import { err, mapArg, register, u32, u64, type HelperCall } from './registry.ts';
import type { Value } from '../memory/region.ts';

const BPF_F_INDEX_MASK = 0xffffffffn;
const BPF_F_CURRENT_CPU = 0xffffffffn;
const BPF_F_CTXLEN_MASK = 0xfffffn << 32n;
const RINGBUF_HDR = 8;

function ringbuf(env: RunEnv, v: Value, call: HelperCall): RecordMap {
  const m = mapArg(env, v, call);
  if (!(m instanceof RecordMap) || m.def.typeName !== 'BPF_MAP_TYPE_RINGBUF') throw new Fault(`${call.name} needs a BPF_MAP_TYPE_RINGBUF`, 'program');
  return m;
}

register('bpf_ringbuf_output', (env, args, call) => {
  const m = ringbuf(env, args[0], call);
  const size = u32(args[2]);
  const flags = u64(args[3]);
  if (flags & ~3n) return err(EINVAL);
  if (size + RINGBUF_HDR > m.def.maxEntries) return err(E2BIG);
  env.events.push({ kind: 'ringbuf', map: m.def.name, data: readBytes(args[1], size) });
  return 0n;
});

register('bpf_ringbuf_reserve', (env, args, call) => {
  const m = ringbuf(env, args[0], call);
  const size = Number(u64(args[1]));
  if (u64(args[2]) !== 0n) return 0;
  if (size + RINGBUF_HDR > m.def.maxEntries) return 0;
  const r = new Region('ringbuf', `ring buffer record of "${m.def.name}"`, size);
  env.reserved.set(r, { map: m.def.name });
  return new Ptr(r, 0, 0);
});

function finish(submit: boolean) {
  return (env: RunEnv, args: Value[], call: HelperCall): Value => {
    const p = args[0];
    if (!(p instanceof Ptr) || p.off !== 0 || !env.reserved.has(p.r)) throw new Fault(`${call.name}: the pointer is not a record from bpf_ringbuf_reserve (or it was already submitted)`, 'program');
    const info = env.reserved.get(p.r)!;
    env.reserved.delete(p.r);
    if (submit) env.events.push({ kind: 'ringbuf', map: info.map, data: p.r.bytes.slice() });
    p.r.hi = 0; // further use faults
    return 0n;
  };
}

register('bpf_ringbuf_submit', finish(true));
register('bpf_ringbuf_discard', finish(false));
register('bpf_ringbuf_query', () => 0n);

register('bpf_perf_event_output', (env, args, call) => {
  const m = mapArg(env, args[1], call);
  if (!(m instanceof RecordMap) || m.def.typeName !== 'BPF_MAP_TYPE_PERF_EVENT_ARRAY') throw new Fault('bpf_perf_event_output needs a BPF_MAP_TYPE_PERF_EVENT_ARRAY', 'program');
  const flags = u64(args[2]);
  const size = Number(u64(args[4]));
  if (flags & ~(BPF_F_INDEX_MASK | BPF_F_CTXLEN_MASK)) return err(EINVAL);
  let index = flags & BPF_F_INDEX_MASK;
  if (index === BPF_F_CURRENT_CPU) index = BigInt(env.cpu);
  if (index >= BigInt(m.def.maxEntries)) return err(E2BIG);
  if (!m.isOpen(Number(index))) return err(ENOENT);
  const ctxLen = Number((flags & BPF_F_CTXLEN_MASK) >> 32n);
  const data = readBytes(args[3], size);
  let out = data;
  if (ctxLen) {
    const p = env.packet;
    if (ctxLen > p.length) return err(14); // -EFAULT
    out = new Uint8Array(size + ctxLen);
    out.set(data);
    out.set(p.buf.subarray(p.data, p.data + ctxLen), size);
  }
  env.events.push({ kind: 'perf', map: m.def.name, cpu: Number(index), data: out });
  return 0n;
});
