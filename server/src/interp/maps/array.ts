/**
 * BPF_MAP_TYPE_ARRAY and BPF_MAP_TYPE_PERCPU_ARRAY: every index below
 * max_entries exists and starts zeroed; delete is -EINVAL, BPF_NOEXIST is
 * -EEXIST, an index past the end is -E2BIG (update) or NULL (lookup).
 */
import type { Region } from '../memory/region.ts';
import { BPF_EXIST, BPF_F_LOCK, BpfMap, E2BIG, EEXIST, EINVAL, MapError, sized, toHex, valueRegion, type MapDef, type MapJson, type RunContext } from './map-base.ts';

function indexOf(key: Uint8Array): number {
  if (key.length < 4) return -1;
  return (key[0] | (key[1] << 8) | (key[2] << 16) | (key[3] << 24)) >>> 0;
}

function keyOf(i: number): Uint8Array {
  return new Uint8Array([i & 0xff, (i >>> 8) & 0xff, (i >>> 16) & 0xff, (i >>> 24) & 0xff]);
}

export function checkArrayUpdate(def: MapDef, index: number, flags: number): number {
  if ((flags & ~BPF_F_LOCK) > BPF_EXIST) return -EINVAL;
  if (index < 0 || index >= def.maxEntries) return -E2BIG;
  if (flags & 1) return -EEXIST; // BPF_NOEXIST: every element exists
  if (flags & BPF_F_LOCK) return -EINVAL; // no bpf_spin_lock in the value
  return 0;
}

/** Hex keys of indexes 0..n-1, built once per size. */
const keyHexCache = new Map<number, string[]>();
function keyHexes(n: number): string[] {
  let ks = keyHexCache.get(n);
  if (!ks) {
    ks = Array.from({ length: n }, (_, i) => toHex(keyOf(i)));
    if (n <= 65536) keyHexCache.set(n, ks);
  }
  return ks;
}

export class ArrayMap extends BpfMap {
  /** Allocated lazily; a missing index reads as zeros. */
  private readonly slots = new Map<number, Region>();

  lookup(key: Uint8Array): Region | null {
    const i = indexOf(key);
    if (i < 0 || i >= this.def.maxEntries) return null;
    return this.slot(i);
  }

  private slot(i: number): Region {
    let r = this.slots.get(i);
    if (!r) {
      r = valueRegion(this.def);
      this.slots.set(i, r);
    }
    return r;
  }

  update(key: Uint8Array, value: Uint8Array, flags: number): number {
    const i = indexOf(key);
    const err = checkArrayUpdate(this.def, i, flags);
    if (err) return err;
    this.slot(i).bytes.set(value.subarray(0, this.def.valueSize));
    return 0;
  }

  delete(): number {
    return -EINVAL;
  }

  keys(): Uint8Array[] {
    return Array.from({ length: this.def.maxEntries }, (_, i) => keyOf(i));
  }

  /** Every index in order, as the kernel dumps an array. */
  toJson(): MapJson {
    const zero = toHex(new Uint8Array(this.def.valueSize));
    const keys = keyHexes(this.def.maxEntries);
    const entries = keys.map((key, i) => {
      const r = this.slots.get(i);
      return { key, value: r ? toHex(r.bytes) : zero };
    });
    return { type: this.def.typeName, entries };
  }

  loadJson(json: MapJson): void {
    for (const e of json.entries) {
      const i = indexOf(sized(e.key, 4, 'key', this.def.name));
      if (i >= this.def.maxEntries) throw new MapError(`map "${this.def.name}": index ${i} is past max_entries ${this.def.maxEntries}`);
      if (e.value === undefined) throw new MapError(`map "${this.def.name}": entry ${e.key} has no "value"`);
      this.slot(i).bytes.set(sized(e.value, this.def.valueSize, 'value', this.def.name));
    }
  }

  clone(): ArrayMap {
    const m = new ArrayMap(this.def);
    for (const [i, r] of this.slots) m.slot(i).bytes.set(r.bytes);
    return m;
  }
}

export class PercpuArrayMap extends BpfMap {
  private readonly slots = new Map<number, Region[]>();
  constructor(
    def: MapDef,
    private readonly cpus: number,
  ) {
    super(def);
  }

  private slot(i: number): Region[] {
    let rs = this.slots.get(i);
    if (!rs) {
      rs = Array.from({ length: this.cpus }, () => valueRegion(this.def));
      this.slots.set(i, rs);
    }
    return rs;
  }

  lookup(key: Uint8Array, rc: RunContext): Region | null {
    const i = indexOf(key);
    if (i < 0 || i >= this.def.maxEntries) return null;
    return this.slot(i)[rc.cpu] ?? null;
  }

  /** The value on another CPU (bpf_map_lookup_percpu_elem). */
  lookupOn(key: Uint8Array, cpu: number): Region | null {
    const i = indexOf(key);
    if (i < 0 || i >= this.def.maxEntries || cpu >= this.cpus) return null;
    return this.slot(i)[cpu];
  }

  update(key: Uint8Array, value: Uint8Array, flags: number, rc: RunContext): number {
    const i = indexOf(key);
    const err = checkArrayUpdate(this.def, i, flags);
    if (err) return err;
    this.slot(i)[rc.cpu].bytes.set(value.subarray(0, this.def.valueSize));
    return 0;
  }

  delete(): number {
    return -EINVAL;
  }

  keys(): Uint8Array[] {
    return Array.from({ length: this.def.maxEntries }, (_, i) => keyOf(i));
  }

  toJson(): MapJson {
    const zero = toHex(new Uint8Array(this.def.valueSize));
    const keys = keyHexes(this.def.maxEntries);
    const entries = keys.map((key, i) => {
      const rs = this.slots.get(i);
      return { key, values: rs ? rs.map((r) => toHex(r.bytes)) : Array.from({ length: this.cpus }, () => zero) };
    });
    return { type: this.def.typeName, entries };
  }

  loadJson(json: MapJson): void {
    for (const e of json.entries) {
      const i = indexOf(sized(e.key, 4, 'key', this.def.name));
      if (i >= this.def.maxEntries) throw new MapError(`map "${this.def.name}": index ${i} is past max_entries ${this.def.maxEntries}`);
      const vals = e.values ?? (e.value !== undefined ? Array.from({ length: this.cpus }, () => e.value!) : undefined);
      if (!vals) throw new MapError(`map "${this.def.name}": entry ${e.key} has no "values"`);
      const rs = this.slot(i);
      vals.forEach((v, cpu) => {
        if (cpu < this.cpus) rs[cpu].bytes.set(sized(v, this.def.valueSize, 'value', this.def.name));
      });
    }
  }

  clone(): PercpuArrayMap {
    const m = new PercpuArrayMap(this.def, this.cpus);
    for (const [i, rs] of this.slots) m.slot(i).forEach((r, c) => r.bytes.set(rs[c].bytes));
    return m;
  }
}

export { indexOf as arrayIndex, keyOf as arrayKey };
