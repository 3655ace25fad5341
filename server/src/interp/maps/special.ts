/**
 * Maps whose entries are not plain values or that hold records:
 * prog arrays (tail-call targets named by function), devmap / cpumap /
 * xskmap (redirect targets, present only where set), queue and stack maps,
 * LPM tries, ring buffers and perf event arrays (records are captured as
 * events of the run).
 */
import { Region } from '../memory/region.ts';
import { arrayIndex, arrayKey } from './array.ts';
import { cmpBytes } from './hash.ts';
import { BPF_EXIST, BPF_NOEXIST, BpfMap, E2BIG, EEXIST, EINVAL, ENOENT, ENOSPC, MapError, sized, toHex, valueRegion, type MapDef, type MapJson } from './map-base.ts';

/** Prog array: slot -> program function name. */
export class ProgArrayMap extends BpfMap {
  readonly slots = new Map<number, string>();

  constructor(def: MapDef) {
    super(def);
    for (const [i, f] of def.initialSlots ?? []) this.slots.set(i, f);
  }

  lookup(): Region | null {
    return null; // programs cannot look up prog arrays (the verifier rejects it)
  }

  target(index: number): string | undefined {
    return this.slots.get(index);
  }

  update(): number {
    return -EINVAL;
  }

  delete(): number {
    return -EINVAL;
  }

  keys(): Uint8Array[] {
    return [...this.slots.keys()].sort((a, b) => a - b).map(arrayKey);
  }

  toJson(): MapJson {
    return { type: this.def.typeName, entries: [...this.slots.entries()].sort((a, b) => a[0] - b[0]).map(([i, f]) => ({ key: toHex(arrayKey(i)), prog: f })) };
  }

  loadJson(json: MapJson): void {
    for (const e of json.entries) {
      const i = arrayIndex(sized(e.key, 4, 'key', this.def.name));
      if (i >= this.def.maxEntries) throw new MapError(`map "${this.def.name}": index ${i} is past max_entries ${this.def.maxEntries}`);
      const f = e.prog ?? e.valueProg ?? e.value;
      if (!f) throw new MapError(`map "${this.def.name}": entry ${e.key} needs "prog" naming a program function`);
      this.slots.set(i, f);
    }
  }

  clone(): ProgArrayMap {
    const m = new ProgArrayMap({ ...this.def, initialSlots: undefined });
    for (const [k, v] of this.slots) m.slots.set(k, v);
    return m;
  }
}

/**
 * Devmap, cpumap, xskmap (array-indexed) and devmap_hash (key-indexed):
 * an entry exists only where one was set; redirects to a missing entry fail.
 */
export class TargetMap extends BpfMap {
  private readonly entries = new Map<string, { key: Uint8Array; value: Region }>();

  lookup(key: Uint8Array): Region | null {
    return this.entries.get(toHex(key.subarray(0, this.def.keySize)))?.value ?? null;
  }

  update(key: Uint8Array, value: Uint8Array, flags: number): number {
    if (flags > BPF_EXIST) return -EINVAL;
    const k = toHex(key.subarray(0, this.def.keySize));
    const hashed = this.def.typeName === 'BPF_MAP_TYPE_DEVMAP_HASH';
    if (!hashed && arrayIndex(key) >= this.def.maxEntries) return -E2BIG;
    const old = this.entries.get(k);
    if (flags === BPF_NOEXIST && (old || !hashed)) return -EEXIST;
    if (flags === BPF_EXIST && !old && hashed) return -ENOENT;
    if (!old && hashed && this.entries.size >= this.def.maxEntries) return -E2BIG;
    this.entries.set(k, { key: key.slice(0, this.def.keySize), value: valueRegion(this.def, value) });
    return 0;
  }

  delete(key: Uint8Array): number {
    return this.entries.delete(toHex(key.subarray(0, this.def.keySize))) ? 0 : -ENOENT;
  }

  keys(): Uint8Array[] {
    return [...this.entries.values()].map((e) => e.key);
  }

  toJson(): MapJson {
    if (this.def.typeName === 'BPF_MAP_TYPE_XSKMAP') return { type: this.def.typeName, entries: [], skipped: 'not readable from user space' };
    const entries = [...this.entries.values()].sort((a, b) => (this.def.typeName === 'BPF_MAP_TYPE_DEVMAP_HASH' ? cmpBytes(a.key, b.key) : arrayIndex(a.key) - arrayIndex(b.key)));
    return { type: this.def.typeName, entries: entries.map((e) => ({ key: toHex(e.key), value: toHex(e.value.bytes) })) };
  }

  loadJson(json: MapJson): void {
    for (const e of json.entries) {
      if (e.value === undefined) throw new MapError(`map "${this.def.name}": entry ${e.key} has no "value"`);
      const key = sized(e.key, this.def.keySize, 'key', this.def.name);
      this.entries.set(toHex(key), { key, value: valueRegion(this.def, sized(e.value, this.def.valueSize, 'value', this.def.name)) });
    }
  }

  clone(): TargetMap {
    const m = new TargetMap(this.def);
    for (const [k, e] of this.entries) m.entries.set(k, { key: e.key, value: valueRegion(this.def, e.value.bytes) });
    return m;
  }
}

/** BPF_MAP_TYPE_QUEUE (FIFO) and BPF_MAP_TYPE_STACK (LIFO). */
export class QueueMap extends BpfMap {
  items: Uint8Array[] = [];
  constructor(
    def: MapDef,
    private readonly lifo: boolean,
  ) {
    super(def);
  }

  lookup(): Region | null {
    return null;
  }

  push(value: Uint8Array, flags: number): number {
    if (flags & ~BPF_EXIST) return -EINVAL;
    if (this.items.length >= this.def.maxEntries) {
      if (!(flags & BPF_EXIST)) return -E2BIG;
      this.items.shift(); // drop the oldest
    }
    this.items.push(value.slice(0, this.def.valueSize));
    return 0;
  }

  /** Removes (pop) or reads (peek) the next element. */
  take(remove: boolean): Uint8Array | undefined {
    if (!this.items.length) return undefined;
    if (this.lifo) return remove ? this.items.pop() : this.items[this.items.length - 1];
    return remove ? this.items.shift() : this.items[0];
  }

  update(_key: Uint8Array, value: Uint8Array, flags: number): number {
    return this.push(value, flags);
  }

  delete(): number {
    return -EINVAL;
  }

  keys(): Uint8Array[] {
    return [];
  }

  toJson(): MapJson {
    return { type: this.def.typeName, entries: this.items.map((v) => ({ key: '', value: toHex(v) })) };
  }

  loadJson(json: MapJson): void {
    for (const e of json.entries) if (e.value !== undefined) this.items.push(sized(e.value, this.def.valueSize, 'value', this.def.name));
  }

  clone(): QueueMap {
    const m = new QueueMap(this.def, this.lifo);
    m.items = this.items.map((v) => v.slice());
    return m;
  }
}

/** BPF_MAP_TYPE_LPM_TRIE: keys are `struct { __u32 prefixlen; __u8 data[]; }`. */
export class LpmTrieMap extends BpfMap {
  private readonly entries = new Map<string, { key: Uint8Array; prefix: number; value: Region }>();

  private get maxPrefix(): number {
    return (this.def.keySize - 4) * 8;
  }

  private static prefixOf(key: Uint8Array): number {
    return (key[0] | (key[1] << 8) | (key[2] << 16) | (key[3] << 24)) >>> 0;
  }

  /** The canonical key: prefix bits kept, the rest zeroed. */
  private canon(key: Uint8Array, prefix: number): Uint8Array {
    const out = key.slice(0, this.def.keySize);
    for (let bit = prefix; bit < this.maxPrefix; bit++) out[4 + (bit >> 3)] &= ~(0x80 >> (bit & 7));
    return out;
  }

  private matches(data: Uint8Array, e: { key: Uint8Array; prefix: number }): boolean {
    for (let bit = 0; bit < e.prefix; bit++) {
      const mask = 0x80 >> (bit & 7);
      if ((data[4 + (bit >> 3)] & mask) !== (e.key[4 + (bit >> 3)] & mask)) return false;
    }
    return true;
  }

  lookup(key: Uint8Array): Region | null {
    const limit = Math.min(LpmTrieMap.prefixOf(key), this.maxPrefix);
    let best: { prefix: number; value: Region } | undefined;
    for (const e of this.entries.values()) {
      if (e.prefix > limit) continue;
      if (this.matches(key, e) && (!best || e.prefix > best.prefix)) best = e;
    }
    return best?.value ?? null;
  }

  update(key: Uint8Array, value: Uint8Array, flags: number): number {
    if (flags > BPF_EXIST) return -EINVAL;
    const prefix = LpmTrieMap.prefixOf(key);
    if (prefix > this.maxPrefix) return -EINVAL;
    const ck = this.canon(key, prefix);
    const k = toHex(ck);
    const old = this.entries.get(k);
    if (old && flags === BPF_NOEXIST) return -EEXIST;
    if (!old && flags === BPF_EXIST) return -ENOENT;
    if (!old && this.entries.size >= this.def.maxEntries) return -ENOSPC;
    if (old) old.value.bytes.set(value.subarray(0, this.def.valueSize));
    else this.entries.set(k, { key: ck, prefix, value: valueRegion(this.def, value) });
    return 0;
  }

  delete(key: Uint8Array): number {
    const prefix = LpmTrieMap.prefixOf(key);
    if (prefix > this.maxPrefix) return -EINVAL;
    return this.entries.delete(toHex(this.canon(key, prefix))) ? 0 : -ENOENT;
  }

  keys(): Uint8Array[] {
    return [...this.entries.values()].map((e) => e.key);
  }

  toJson(): MapJson {
    return { type: this.def.typeName, entries: [...this.entries.values()].sort((a, b) => cmpBytes(a.key, b.key)).map((e) => ({ key: toHex(e.key), value: toHex(e.value.bytes) })) };
  }

  loadJson(json: MapJson): void {
    for (const e of json.entries) {
      if (e.value === undefined) throw new MapError(`map "${this.def.name}": entry ${e.key} has no "value"`);
      const err = this.update(sized(e.key, this.def.keySize, 'key', this.def.name), sized(e.value, this.def.valueSize, 'value', this.def.name), 0);
      if (err) throw new MapError(`map "${this.def.name}": entry ${e.key} rejected (${err})`);
    }
  }

  clone(): LpmTrieMap {
    const m = new LpmTrieMap(this.def);
    for (const [k, e] of this.entries) m.entries.set(k, { key: e.key, prefix: e.prefix, value: valueRegion(this.def, e.value.bytes) });
    return m;
  }
}

/**
 * Ring buffers and perf event arrays hold no entries a program can read; what
 * programs write is captured as the run's events. For perf event arrays an
 * entry (any value) marks a CPU slot with an open perf event; with no entries
 * at all every slot counts as open.
 */
export class RecordMap extends BpfMap {
  readonly open = new Set<number>();

  lookup(): Region | null {
    return null;
  }

  update(): number {
    return -EINVAL;
  }

  delete(): number {
    return -EINVAL;
  }

  keys(): Uint8Array[] {
    return [];
  }

  isOpen(index: number): boolean {
    return this.open.size === 0 || this.open.has(index);
  }

  toJson(): MapJson {
    return { type: this.def.typeName, entries: [...this.open].sort((a, b) => a - b).map((i) => ({ key: toHex(arrayKey(i)), value: '00000000' })) };
  }

  loadJson(json: MapJson): void {
    for (const e of json.entries) this.open.add(arrayIndex(sized(e.key, 4, 'key', this.def.name)));
  }

  clone(): RecordMap {
    const m = new RecordMap(this.def);
    for (const i of this.open) m.open.add(i);
    return m;
  }
}

