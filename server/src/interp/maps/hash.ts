/**
 * Hash maps: BPF_MAP_TYPE_HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH.
 * Flags as the kernel checks them: BPF_NOEXIST on an existing key is
 * -EEXIST, BPF_EXIST on a missing key -ENOENT, a new key in a full map -E2BIG
 * (LRU maps evict the least recently used entry instead), delete of a
 * missing key -ENOENT. LRU order is exact (the kernel's is approximate).
 */
import type { Region } from '../memory/region.ts';
import { BPF_EXIST, BPF_F_LOCK, BPF_NOEXIST, BpfMap, E2BIG, EEXIST, EINVAL, ENOENT, MapError, sized, toHex, valueRegion, type MapDef, type MapJson, type RunContext } from './map-base.ts';

interface Entry {
  key: Uint8Array;
  /** One region, or one per CPU. */
  values: Region[];
}

export class HashMap extends BpfMap {
  private readonly entries = new Map<string, Entry>();

  constructor(
    def: MapDef,
    private readonly percpu: boolean,
    private readonly lru: boolean,
    private readonly cpus: number,
  ) {
    super(def);
  }

  private touch(k: string, e: Entry): void {
    if (!this.lru) return;
    this.entries.delete(k);
    this.entries.set(k, e);
  }

  lookup(key: Uint8Array, rc: RunContext): Region | null {
    const k = toHex(key.subarray(0, this.def.keySize));
    const e = this.entries.get(k);
    if (!e) return null;
    this.touch(k, e);
    return this.percpu ? (e.values[rc.cpu] ?? null) : e.values[0];
  }

  lookupOn(key: Uint8Array, cpu: number): Region | null {
    const e = this.entries.get(toHex(key.subarray(0, this.def.keySize)));
    if (!e || cpu >= this.cpus) return null;
    return this.percpu ? e.values[cpu] : e.values[0];
  }

  update(key: Uint8Array, value: Uint8Array, flags: number, rc: RunContext): number {
    if ((flags & ~BPF_F_LOCK) > BPF_EXIST) return -EINVAL;
    if (flags & BPF_F_LOCK) return -EINVAL; // no bpf_spin_lock in the value
    const kb = key.slice(0, this.def.keySize);
    const k = toHex(kb);
    const old = this.entries.get(k);
    if (old && (flags & ~BPF_F_LOCK) === BPF_NOEXIST) return -EEXIST;
    if (!old && (flags & ~BPF_F_LOCK) === BPF_EXIST) return -ENOENT;
    const v = value.subarray(0, this.def.valueSize);
    if (old) {
      (this.percpu ? old.values[rc.cpu] : old.values[0]).bytes.set(v);
      this.touch(k, old);
      return 0;
    }
    if (this.entries.size >= this.def.maxEntries) {
      if (!this.lru) return -E2BIG;
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const values = this.percpu ? Array.from({ length: this.cpus }, () => valueRegion(this.def)) : [valueRegion(this.def)];
    (this.percpu ? values[rc.cpu] : values[0]).bytes.set(v);
    this.entries.set(k, { key: kb, values });
    return 0;
  }

  delete(key: Uint8Array): number {
    const k = toHex(key.subarray(0, this.def.keySize));
    if (!this.entries.delete(k)) return -ENOENT;
    return 0;
  }

  keys(): Uint8Array[] {
    return [...this.entries.values()].map((e) => e.key);
  }

  /** Sorted by key bytes (the kernel's order depends on a random seed). */
  toJson(): MapJson {
    const entries = [...this.entries.values()].sort((a, b) => cmpBytes(a.key, b.key)).map((e) =>
      this.percpu ? { key: toHex(e.key), values: e.values.map((r) => toHex(r.bytes)) } : { key: toHex(e.key), value: toHex(e.values[0].bytes) },
    );
    return { type: this.def.typeName, entries };
  }

  loadJson(json: MapJson): void {
    for (const e of json.entries) {
      const key = sized(e.key, this.def.keySize, 'key', this.def.name);
      const k = toHex(key);
      if (!this.entries.has(k) && this.entries.size >= this.def.maxEntries) throw new MapError(`map "${this.def.name}": more than max_entries (${this.def.maxEntries}) entries`);
      let values: Region[];
      if (this.percpu) {
        const vals = e.values ?? (e.value !== undefined ? Array.from({ length: this.cpus }, () => e.value!) : undefined);
        if (!vals) throw new MapError(`map "${this.def.name}": entry ${e.key} has no "values"`);
        values = Array.from({ length: this.cpus }, (_, cpu) => valueRegion(this.def, vals[cpu] !== undefined ? sized(vals[cpu], this.def.valueSize, 'value', this.def.name) : undefined));
      } else {
        if (e.value === undefined) throw new MapError(`map "${this.def.name}": entry ${e.key} has no "value"`);
        values = [valueRegion(this.def, sized(e.value, this.def.valueSize, 'value', this.def.name))];
      }
      this.entries.set(k, { key, values });
    }
  }

  clone(): HashMap {
    const m = new HashMap(this.def, this.percpu, this.lru, this.cpus);
    for (const [k, e] of this.entries) m.entries.set(k, { key: e.key, values: e.values.map((r) => valueRegion(this.def, r.bytes)) });
    return m;
  }
}

export function cmpBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
