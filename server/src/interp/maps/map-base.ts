/**
 * What every map shares: its definition (from the program's `.maps` section
 * or a legacy `struct bpf_map_def`), the kernel's error numbers, and the JSON
 * form maps are read from and written to.
 */
import { Region } from '../memory/region.ts';

export const EPERM = 1;
export const ENOENT = 2;
export const E2BIG = 7;
export const ENOMEM = 12;
export const EFAULT = 14;
export const EBUSY = 16;
export const EEXIST = 17;
export const ENODEV = 19;
export const EINVAL = 22;
export const ENOSPC = 28;
export const ERANGE = 34;
export const EOPNOTSUPP = 95;
export const ENOTSUPP = 524;
export const EACCES = 13;
export const ENXIO = 6;

export const BPF_ANY = 0;
export const BPF_NOEXIST = 1;
export const BPF_EXIST = 2;
export const BPF_F_LOCK = 4;

export interface MapDef {
  name: string;
  /** BPF_MAP_TYPE_* numeric value. */
  type: number;
  /** BPF_MAP_TYPE_* name. */
  typeName: string;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  flags: number;
  /** For prog arrays and map-in-map: static initial values (slot -> function or map name). */
  initialSlots?: Map<number, string>;
}

export interface MapEntryJson {
  key: string;
  value?: string;
  values?: string[];
  /** Prog arrays: the program function in the slot. */
  prog?: string;
  /** Accepted on input as another spelling of `prog` (the goldens' maps-init files). */
  valueProg?: string;
}

export interface MapJson {
  type: string;
  entries: MapEntryJson[];
  /** Set instead of entries for maps user space cannot read (XSKMAP). */
  skipped?: string;
}

export type MapsJson = Record<string, MapJson>;

/** A record written to a ring buffer or perf event array. */
export interface MapEvent {
  map: string;
  cpu?: number;
  data: Uint8Array;
}

const HEX = Array.from({ length: 256 }, (_, i) => (i < 16 ? '0' : '') + i.toString(16));

export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX[b[i]];
  return s;
}

export function fromHex(s: string): Uint8Array {
  const clean = s.replace(/^0x/i, '').replace(/[\s:_-]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error(`invalid hex "${s}"`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export class MapError extends Error {}

/** Bytes of exactly `size` length from JSON hex (shorter input is zero-padded, longer is an error). */
export function sized(hex: string, size: number, what: string, map: string): Uint8Array {
  let b: Uint8Array;
  try {
    b = fromHex(hex);
  } catch (e) {
    throw new MapError(`map "${map}": ${(e as Error).message} in ${what}`);
  }
  if (b.length > size) throw new MapError(`map "${map}": ${what} "${hex}" has ${b.length} bytes, the map's ${what} size is ${size}`);
  if (b.length === size) return b;
  const out = new Uint8Array(size);
  out.set(b);
  return out;
}

export function valueRegion(def: MapDef, bytes?: Uint8Array): Region {
  const r = new Region('map-value', def.name, def.valueSize);
  if (bytes) r.bytes.set(bytes.subarray(0, def.valueSize));
  return r;
}

export interface RunContext {
  cpu: number;
  cpus: number;
}

/** The operations helpers use. Keys and values are raw bytes in kernel layout. */
export abstract class BpfMap {
  constructor(readonly def: MapDef) {}
  /** A pointer target for bpf_map_lookup_elem, or null. */
  abstract lookup(key: Uint8Array, rc: RunContext): Region | null;
  /** 0 or a negative errno. */
  abstract update(key: Uint8Array, value: Uint8Array, flags: number, rc: RunContext): number;
  abstract delete(key: Uint8Array, rc: RunContext): number;
  /** The next key after `key` (or the first when undefined), for iteration. */
  abstract keys(): Uint8Array[];
  abstract toJson(rc: RunContext): MapJson;
  abstract loadJson(json: MapJson, rc: RunContext): void;
  /** A deep copy (for runs that must not share state). */
  abstract clone(): BpfMap;
}
