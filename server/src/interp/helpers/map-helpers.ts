/** Map helpers: lookup/update/delete, per-CPU lookup, queue/stack push/pop/peek, for_each. */
import { PercpuArrayMap, HashMap, QueueMap, EINVAL, ENOENT, E2BIG, type BpfMap } from '../maps/index.ts';
import { Ptr, Region, readBytes, writeBytes, type Value } from '../memory/region.ts';
import { Fault } from '../evaluator/fault.ts';
import type { RunEnv } from './env.ts';
import { err, mapArg, num, ptrArg, register, u32, u64, type HelperCall } from './registry.ts';

function key(m: BpfMap, v: Value, call: HelperCall): Uint8Array {
  return readBytes(ptrArg(v, 'key', call), m.def.keySize, 'read');
}

function lookup(env: RunEnv, args: Value[], call: HelperCall): Value {
  const m = mapArg(env, args[0], call);
  if (m.def.typeName === 'BPF_MAP_TYPE_PROG_ARRAY') throw new Fault('bpf_map_lookup_elem on a prog array is rejected by the verifier', 'program');
  const r = m.lookup(key(m, args[1], call), { cpu: env.cpu, cpus: env.cpus });
  return r ? new Ptr(r, 0, 0) : 0;
}

register('bpf_map_lookup_elem', lookup);

register('bpf_map_update_elem', (env, args, call) => {
  const m = mapArg(env, args[0], call);
  const k = m.def.keySize ? key(m, args[1], call) : new Uint8Array(0);
  const v = readBytes(ptrArg(args[2], 'value', call), m.def.valueSize, 'read');
  const flags = u64(args[3]);
  if (flags > 0xffffffffn) return err(EINVAL);
  return BigInt(m.update(k, v, Number(flags), { cpu: env.cpu, cpus: env.cpus }));
});

register('bpf_map_delete_elem', (env, args, call) => {
  const m = mapArg(env, args[0], call);
  return BigInt(m.delete(key(m, args[1], call), { cpu: env.cpu, cpus: env.cpus }));
});

register('bpf_map_lookup_percpu_elem', (env, args, call) => {
  const m = mapArg(env, args[0], call);
  const cpu = u32(args[2]);
  const k = key(m, args[1], call);
  if (m instanceof PercpuArrayMap || m instanceof HashMap) {
    const r = m.lookupOn(k, cpu);
    return r ? new Ptr(r, 0, 0) : 0;
  }
  throw new Fault(`bpf_map_lookup_percpu_elem needs a per-CPU map, "${m.def.name}" is a ${m.def.typeName}`, 'program');
});

function queue(env: RunEnv, v: Value, call: HelperCall): QueueMap {
  const m = mapArg(env, v, call);
  if (!(m instanceof QueueMap)) throw new Fault(`${call.name} needs a queue or stack map, "${m.def.name}" is a ${m.def.typeName}`, 'program');
  return m;
}

register('bpf_map_push_elem', (env, args, call) => {
  const m = queue(env, args[0], call);
  return BigInt(m.push(readBytes(ptrArg(args[1], 'value', call), m.def.valueSize), num(args[2])));
});

function take(remove: boolean) {
  return (env: RunEnv, args: Value[], call: HelperCall): Value => {
    const m = queue(env, args[0], call);
    const dst = ptrArg(args[1], 'value', call);
    const v = m.take(remove);
    if (!v) {
      writeBytes(dst, new Uint8Array(m.def.valueSize));
      return err(ENOENT);
    }
    writeBytes(dst, v);
    return 0n;
  };
}

register('bpf_map_pop_elem', take(true));
register('bpf_map_peek_elem', take(false));

register('bpf_for_each_map_elem', (env, args, call) => {
  const m = mapArg(env, args[0], call);
  if (num(args[3]) !== 0) return err(EINVAL);
  let n = 0n;
  for (const k of m.keys()) {
    const r = m.lookup(k, { cpu: env.cpu, cpus: env.cpus });
    if (!r) continue;
    n++;
    const keyRegion = new Region('temp', 'key', k.length);
    keyRegion.bytes.set(k);
    keyRegion.readOnly = true;
    const kr = new Ptr(keyRegion, 0, 0);
    const ret = env.callFunction(args[1], [args[0], kr, new Ptr(r, 0, 0), args[2]]);
    if (ret !== 0 && ret !== 0n) break;
  }
  return n;
});

export const MAX_LOOPS = 1 << 23;

register('bpf_loop', (env, args) => {
  const nr = u32(args[0]);
  if (num(args[3]) !== 0) return err(EINVAL);
  if (nr > MAX_LOOPS) return err(E2BIG);
  let i = 0;
  for (; i < nr; ) {
    const ret = env.callFunction(args[1], [BigInt(i), args[2]]);
    i++;
    if (ret !== 0 && ret !== 0n) break;
  }
  return BigInt(i);
});
